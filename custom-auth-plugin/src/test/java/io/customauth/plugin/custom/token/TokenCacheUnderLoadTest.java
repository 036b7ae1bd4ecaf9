package io.customauth.plugin.custom.token;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 64 callers hammer {@link TokenCache#get()} while the test drives the token through background
 * refreshes, 401 rejections and a refresh held up past expiry, against a real token server on
 * loopback.
 */
class TokenCacheUnderLoadTest {
  private static final int CALLERS = 64;
  private static final long MAX_CALLS_PER_CALLER = 50_000_000L; // a bound the test never reaches
  private static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final Duration SAFETY_WINDOW = Duration.ofMinutes(1);
  private static final Duration AWAIT = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final Semaphore requestArrived = new Semaphore(0);
  private volatile CountDownLatch serverGate = new CountDownLatch(0);
  private final ExecutorService serverThreads = Executors.newFixedThreadPool(4);
  private final ExecutorService advancer = Executors.newSingleThreadExecutor();
  private HttpServer server;

  @BeforeEach
  void startTokenServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(serverThreads);
    server.createContext(
        "/token",
        exchange -> {
          int number = tokenRequests.incrementAndGet();
          requestArrived.release();
          try {
            serverGate.await(AWAIT.toSeconds(), SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body =
              ("{\"access_token\":\"loopback-token-"
                      + number
                      + "\",\"expires_in\":"
                      + LIFETIME.toSeconds()
                      + "}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopTokenServer() throws InterruptedException {
    serverGate.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
    advancer.shutdownNow();
    assertThat(serverThreads.awaitTermination(10, SECONDS)).isTrue();
    assertThat(advancer.awaitTermination(10, SECONDS)).isTrue();
  }

  @Test
  void sixtyFourCallersGetOneTokenRequestPerRefreshAndNeverAnExpiredToken() throws Exception {
    URI tokenUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    List<Credential> refreshed = new CopyOnWriteArrayList<>();
    TokenCache cache =
        new TokenCache(
            new LoopbackTokenSource(tokenUrl, clock),
            scheduler,
            new RecordingLogger(),
            refreshed::add);
    AtomicReferenceArray<String> lastSeen = new AtomicReferenceArray<>(CALLERS);
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      int index = i;
      Thread caller = new Thread(() -> call(cache, index, lastSeen, problems), "caller-" + i);
      caller.setDaemon(true); // should the test fail half-way, a stuck caller must not hold the JVM
      callers.add(caller);
    }
    AtomicInteger expectedRequests = new AtomicInteger(1);
    try {
      callers.forEach(Thread::start);
      Credential current = awaitEveryCallerHolds(null, lastSeen, cache);

      for (int cycle = 1; cycle <= 9; cycle++) {
        switch (cycle % 3) {
          case 1 -> scheduler.advanceTo(current.refreshAt()); // refreshes on this thread
          case 2 -> cache.rejected(current); // the callers share one blocking fetch
          default -> holdRefreshPastExpiry(current, callers);
        }
        expectedRequests.incrementAndGet();
        current = awaitEveryCallerHolds(current, lastSeen, cache);
        assertThat(tokenRequests)
            .as("token requests after cycle %d", cycle)
            .hasValue(expectedRequests.get());
      }
    } finally {
      cache.close(); // callers stop with IllegalStateException, which they treat as the end
      for (Thread caller : callers) {
        caller.join(AWAIT.toMillis());
      }
    }
    assertThat(callers).noneMatch(Thread::isAlive);

    assertThat(problems).isEmpty();
    assertThat(refreshed).hasSize(expectedRequests.get());
    assertThat(tokenRequests).hasValue(10);
    assertThat(clock.instant())
        .as("the clock went through several lifetimes")
        .isAfter(refreshed.get(0).expiresAt().plus(LIFETIME.multipliedBy(3)));
  }

  /** One caller: get() until the cache closes, checking every credential against the clock. */
  private void call(
      TokenCache cache, int index, AtomicReferenceArray<String> lastSeen, Queue<String> problems) {
    for (long i = 0; i < MAX_CALLS_PER_CALLER; i++) {
      // Read before the call: the token must not have expired when the call started. (At the very
      // instant of expiresAt the expiry event may not have run yet; one tick later it has.)
      Instant before = clock.instant();
      Credential credential;
      try {
        credential = cache.get();
      } catch (IllegalStateException closed) {
        return;
      } catch (RuntimeException e) {
        problems.add(e.toString());
        return;
      }
      if (credential.expiresAt().isBefore(before)) {
        problems.add(credential + " served at " + before);
      }
      lastSeen.set(index, credential.token());
      Thread.yield(); // two cores for 65 threads: let the test thread and the server run
    }
    problems.add("caller " + index + " ran out of calls");
  }

  /**
   * The background refresh is held at the server while the clock passes the token's expiry: no
   * caller may be served the expired token, and every one of them must join the refresh in flight
   * instead of sending its own request.
   */
  private void holdRefreshPastExpiry(Credential current, List<Thread> callers) throws Exception {
    serverGate = new CountDownLatch(1);
    requestArrived.drainPermits();
    Future<?> refreshing = advancer.submit(() -> scheduler.advanceTo(current.refreshAt()));
    assertThat(requestArrived.tryAcquire(AWAIT.toSeconds(), SECONDS)).isTrue();

    scheduler.advanceTo(current.expiresAt().plusSeconds(1));
    await().atMost(AWAIT).until(() -> callers.stream().allMatch(TokenCacheTest::parked));
    serverGate.countDown();
    refreshing.get(AWAIT.toSeconds(), SECONDS);
  }

  /** Waits until every caller got the same token, other than {@code previous}'s, and returns it. */
  private static Credential awaitEveryCallerHolds(
      Credential previous, AtomicReferenceArray<String> lastSeen, TokenCache cache) {
    await()
        .atMost(AWAIT)
        .until(
            () -> {
              String first = lastSeen.get(0);
              for (int i = 0; i < lastSeen.length(); i++) {
                String seen = lastSeen.get(i);
                if (seen == null
                    || !seen.equals(first)
                    || (previous != null && seen.equals(previous.token()))) {
                  return false;
                }
              }
              return true;
            });
    Credential current = cache.get();
    assertThat(current.token()).isEqualTo(lastSeen.get(0));
    return current;
  }

  /** A token exchange against the loopback server, as the plugin's real source would do. */
  private static final class LoopbackTokenSource implements TokenSource {
    private final HttpClient client =
        HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI tokenUrl;
    private final Clock clock;

    LoopbackTokenSource(URI tokenUrl, Clock clock) {
      this.tokenUrl = tokenUrl;
      this.clock = clock;
    }

    @Override
    public Credential fetch() {
      HttpRequest request =
          HttpRequest.newBuilder(tokenUrl)
              .timeout(AWAIT.plusSeconds(5))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
              .build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new AuthException(
              ErrorCode.ENDPOINT_UNAVAILABLE,
              "the token endpoint answered " + response.statusCode(),
              response.statusCode(),
              null);
        }
        JsonNode answer = json.readTree(response.body());
        Instant now = clock.instant();
        Instant expiresAt = now.plusSeconds(answer.get("expires_in").asLong());
        return new Credential(
            answer.get("access_token").asText(),
            expiresAt,
            RefreshTime.of(now, expiresAt, SAFETY_WINDOW));
      } catch (IOException e) {
        throw new AuthException(
            ErrorCode.ENDPOINT_UNAVAILABLE, "the token endpoint could not be reached", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuthException(ErrorCode.ENDPOINT_UNAVAILABLE, "interrupted", e);
      }
    }
  }
}
