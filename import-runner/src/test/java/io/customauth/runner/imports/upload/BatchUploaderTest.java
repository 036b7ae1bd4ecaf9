package io.customauth.runner.imports.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.ImportOptions;
import io.customauth.runner.imports.ImportProgress;
import io.customauth.runner.imports.batch.Batch;
import io.customauth.runner.imports.input.InputRecord;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.OutgoingRequest;
import io.customauth.spi.UploadTarget;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One batch against a real loopback server: headers, deadlines, answers, TLS, plugin faults. */
class BatchUploaderTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String IMPORT_ID = "imp-aaaaaaaaaaaa";

  @TempDir Path dir;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final List<String> retryReasons = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration attemptTimeout = Duration.ofSeconds(30);

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private final ImportProgress progress =
      new ImportProgress() {
        @Override
        public void retrying(String batch, int attempt, String reason, Duration wait) {
          retryReasons.add(reason);
        }
      };

  private RawUploadServer server() throws IOException {
    return server(null);
  }

  private RawUploadServer server(SSLContext tls) throws IOException {
    RawUploadServer server = new RawUploadServer(tls);
    closing.add(server);
    return server;
  }

  private BatchUploader uploader(URI url, AuthStrategy auth, int maxAttempts) {
    return uploader(url, auth, maxAttempts, null);
  }

  private BatchUploader uploader(URI url, AuthStrategy auth, int maxAttempts, SSLContext tls) {
    BatchUploader uploader =
        tls == null
            ? new BatchUploader(
                url, settings(url, maxAttempts), auth, IMPORT_ID, options(), progress)
            : new BatchUploader(
                url, settings(url, maxAttempts), auth, IMPORT_ID, options(), progress, tls);
    closing.add(uploader);
    return uploader;
  }

  private ImportOptions options() {
    return ImportOptions.defaults()
        .withStateDir(dir)
        .withTime(Clock.fixed(T0, ZoneOffset.UTC), waits::add)
        .withTimeouts(connectTimeout, attemptTimeout);
  }

  private static UploadSettings settings(URI url, int maxAttempts) {
    return UploadSettings.of(new UploadTarget(url.toString(), "POST", "json", 10, 1, maxAttempts));
  }

  private static Batch batch() {
    return new Batch(
        0,
        "a.csv",
        0,
        List.of(
            new InputRecord(2, "{\"id\":\"a1\"}".getBytes(StandardCharsets.UTF_8)),
            new InputRecord(3, "{\"id\":\"a2\"}".getBytes(StandardCharsets.UTF_8))));
  }

  private static ImportException failure(BatchUploader uploader) {
    return catchThrowableOfType(ImportException.class, () -> uploader.upload(batch(), () -> false));
  }

  /** Puts {@code Bearer t} on the request, then whatever {@code extra} does. */
  private static class TestStrategy implements AuthStrategy {
    private final Consumer<OutgoingRequest> extra;

    TestStrategy(Consumer<OutgoingRequest> extra) {
      this.extra = extra;
    }

    @Override
    public String type() {
      return "test";
    }

    @Override
    public Credential credential() {
      return new Credential("t", Instant.MAX, Instant.MAX);
    }

    @Override
    public void apply(Credential credential, OutgoingRequest request) {
      request.setHeader("Authorization", "Bearer " + credential.token());
      extra.accept(request);
    }

    @Override
    public void rejected(Credential credential) {}

    @Override
    public void close() {}
  }

  private static final AuthStrategy BEARER = new TestStrategy(request -> {});

  // --- The runner's headers are its own ---

  @Test
  void theRunnersHeadersReachTheReceiverWhateverTheStrategySets() throws IOException {
    RawUploadServer server = server();
    List<String> reserved =
        List.of(
            "Idempotency-Key",
            "x-import-id",
            "Content-Type",
            "Content-Length",
            "Content-Encoding",
            "Host",
            "Transfer-Encoding",
            "Connection",
            "Expect",
            "Upgrade",
            "TE",
            "Trailer",
            "Keep-Alive",
            "Proxy-Authorization");
    AuthStrategy greedy =
        new TestStrategy(request -> reserved.forEach(name -> request.setHeader(name, "evil")));

    uploader(server.url(), greedy, 1).upload(batch(), () -> false);

    RawUploadServer.Request received = server.requests().get(0);
    assertThat(received.all("Idempotency-Key")).containsExactly(IMPORT_ID + "-0-0");
    assertThat(received.all("X-Import-Id")).containsExactly(IMPORT_ID);
    assertThat(received.all("Content-Type")).containsExactly("application/json; charset=UTF-8");
    assertThat(received.all("Content-Length"))
        .containsExactly(String.valueOf(received.body().length));
    assertThat(received.all("Host")).containsExactly("127.0.0.1:" + server.port());
    assertThat(received.all("Authorization")).containsExactly("Bearer t");
    assertThat(received.headers()).noneMatch(header -> header.getValue().contains("evil"));
    assertThat(new String(received.body(), StandardCharsets.UTF_8))
        .isEqualTo("[{\"id\":\"a1\"},{\"id\":\"a2\"}]");
  }

  @Test
  void aStrategysQueryParameterIsEncodedWithPercent20AndTheUrlsQueryKept() throws IOException {
    RawUploadServer server = server();
    AuthStrategy query = new TestStrategy(request -> request.addQueryParameter("key", "a b+c"));
    URI url = URI.create(server.url() + "?fixed=1");

    uploader(url, query, 1).upload(batch(), () -> false);

    assertThat(server.requests().get(0).target())
        .isEqualTo("/v1/projects/p/records?fixed=1&key=a%20b%2Bc");
  }

  // --- Deadlines and bounded answers ---

  @Test
  void anAnswerTrickledPastTheDeadlineFailsThatAttemptWhichIsRetried() throws IOException {
    attemptTimeout = Duration.ofSeconds(1);
    RawUploadServer server = server();
    server.respondWith(
        (request, socket, out) -> {
          if (request.number() == 1) {
            // One byte every 200 ms: no read ever times out, the whole answer never arrives.
            for (byte b : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes()) {
              out.write(b);
              out.flush();
              Thread.sleep(200);
            }
          } else {
            RawUploadServer.respond(out, 200, Map.of());
          }
        });
    BatchUploader uploader = uploader(server.url(), BEARER, 3);

    uploader.upload(batch(), () -> false);

    assertThat(server.requests()).hasSize(2);
    assertThat(uploader.retries()).isEqualTo(1);
    assertThat(retryReasons)
        .containsExactly(
            "no answer from http://127.0.0.1:"
                + server.port()
                + "/v1/projects/p/records within 1 s");
  }

  @Test
  void onlyOneMebibyteOfAnAnswerIsReadAndA2xxStillAcknowledges() throws IOException {
    RawUploadServer server = server();
    AtomicBoolean clientHungUp = new AtomicBoolean();
    server.respondWith(
        (request, socket, out) -> {
          int declared = 2 << 20;
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Length: " + declared + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          // A little more than 1 MiB, then nothing: a client reading to the end would wait for
          // the rest until its deadline.
          out.write(new byte[(1 << 20) + (64 << 10)]);
          out.flush();
          try {
            while (socket.getInputStream().read() >= 0) {
              // until the client closes the connection
            }
          } catch (IOException reset) {
            // closed abruptly: hung up all the same
          }
          clientHungUp.set(true);
        });
    BatchUploader uploader = uploader(server.url(), BEARER, 1);

    CompletableFuture<Void> upload =
        CompletableFuture.runAsync(() -> uploader.upload(batch(), () -> false));

    await().atMost(Duration.ofSeconds(10)).until(upload::isDone);
    assertThat(upload).isCompleted();
    await().atMost(Duration.ofSeconds(10)).untilTrue(clientHungUp);
    assertThat(uploader.requests()).isEqualTo(1);
  }

  // --- Retry-After ---

  @Test
  void aRetryAfterOverTenMinutesStopsAtOnceSayingUntilWhen() throws IOException {
    RawUploadServer server = server();
    server.respondWith(
        (request, socket, out) ->
            RawUploadServer.respond(out, 429, Map.of("Retry-After", "86400")));

    ImportException error = failure(uploader(server.url(), BEARER, 5));

    assertThat(error.code()).isEqualTo("ENDPOINT_UNAVAILABLE");
    assertThat(error.getMessage())
        .contains("HTTP 429", "until 2026-01-02T00:00:00Z", "resume the import after that time");
    assertThat(server.requests()).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void aRetryAfterOfTenMinutesIsWaitedOut() throws IOException {
    RawUploadServer server = server();
    server.respondWith(
        (request, socket, out) ->
            RawUploadServer.respond(
                out,
                request.number() == 1 ? 503 : 200,
                request.number() == 1 ? Map.of("Retry-After", "600") : Map.of()));

    uploader(server.url(), BEARER, 5).upload(batch(), () -> false);

    assertThat(waits).containsExactly(Duration.ofMinutes(10));
  }

  @Test
  void aRetryAfterAsAnAsctimeDateIsHonoured() throws IOException {
    RawUploadServer server = server();
    server.respondWith(
        (request, socket, out) ->
            RawUploadServer.respond(
                out,
                request.number() == 1 ? 503 : 200,
                request.number() == 1
                    ? Map.of("Retry-After", "Thu Jan  1 00:00:45 2026")
                    : Map.of()));

    uploader(server.url(), BEARER, 5).upload(batch(), () -> false);

    assertThat(waits).containsExactly(Duration.ofSeconds(45));
  }

  // --- Messages ---

  @Test
  void aRefusedConnectionIsNamedByHostAndPortNeverByTheQuery() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    AuthStrategy query = new TestStrategy(r -> r.addQueryParameter("access_token", "s3cr3t"));

    ImportException error =
        failure(
            uploader(URI.create("http://127.0.0.1:" + port + "/v1/projects/p/records"), query, 2));

    assertThat(error.code()).isEqualTo("ENDPOINT_UNAVAILABLE");
    assertThat(error.getMessage())
        .contains("after 2 attempts", "connection refused by 127.0.0.1:" + port)
        .doesNotContain("s3cr3t", "access_token", "Exception");
    assertThat(error.getCause()).isNull();
    assertThat(retryReasons).containsExactly("connection refused by 127.0.0.1:" + port);
  }

  @Test
  void a304IsNotCalledARedirect() throws IOException {
    RawUploadServer server = server();
    server.respondWith((request, socket, out) -> RawUploadServer.respond(out, 304, Map.of()));

    ImportException error = failure(uploader(server.url(), BEARER, 5));

    assertThat(error.getMessage()).contains("HTTP 304", "Not Modified").doesNotContain("redirect");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void otherRedirectsAreNotFollowedAndSayWhy() throws IOException {
    RawUploadServer server = server();
    server.respondWith(
        (request, socket, out) ->
            RawUploadServer.respond(out, 308, Map.of("Location", "http://127.0.0.1:1/x")));

    ImportException error = failure(uploader(server.url(), BEARER, 5));

    assertThat(error.code()).isEqualTo("ENDPOINT_UNAVAILABLE");
    assertThat(error.getMessage()).contains("redirect (HTTP 308)", "not followed");
  }

  @Test
  void a101IsAProtocolViolationThatStopsAtOnceInWords() throws IOException {
    RawUploadServer server = server();
    server.respondWith(
        (request, socket, out) -> {
          out.write(
              "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        });

    ImportException error = failure(uploader(server.url(), BEARER, 5));

    assertThat(error.code()).isEqualTo("ENDPOINT_UNAVAILABLE");
    assertThat(error.getMessage())
        .contains(
            "127.0.0.1:"
                + server.url().getPort()
                + " answered with something that is not a valid HTTP/1.1 answer to an upload"
                + " (HTTP 101)",
            "batch 0 of a.csv")
        .doesNotContain("Exception");
    assertThat(server.requests()).hasSize(1);
    assertThat(retryReasons).isEmpty();
    assertThat(waits).isEmpty();
  }

  @Test
  void garbageInsteadOfAnAnswerIsAProtocolViolationThatStopsAtOnceInWords() throws IOException {
    RawUploadServer server = server();
    server.respondWith(
        (request, socket, out) -> {
          out.write(
              "\u0000\u0001garbage that is not HTTP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        });

    ImportException error = failure(uploader(server.url(), BEARER, 5));

    assertThat(error.code()).isEqualTo("ENDPOINT_UNAVAILABLE");
    assertThat(error.getMessage())
        .contains(
            "127.0.0.1:"
                + server.url().getPort()
                + " answered with something that is not a valid HTTP/1.1 answer to an upload")
        .doesNotContain("Exception", "garbage");
    assertThat(server.requests()).hasSize(1);
    assertThat(retryReasons).isEmpty();
  }

  // --- TLS ---

  @Test
  void aCertificateFromAnUnknownCaIsTlsFailureWithoutRetry() throws IOException {
    UploadCertificates ca = UploadCertificates.authority();
    RawUploadServer server = server(ca.serverFor127());

    ImportException error = failure(uploader(server.url(), BEARER, 5));

    assertTlsFailure(error, server, "not signed by a trusted CA");
  }

  @Test
  void aCertificateForAnotherHostIsTlsFailureWithoutRetry() throws IOException {
    UploadCertificates ca = UploadCertificates.authority();
    RawUploadServer server = server(ca.serverForAnotherHost());

    ImportException error = failure(uploader(server.url(), BEARER, 5, ca.trustingClient()));

    assertTlsFailure(error, server, "not for the host 127.0.0.1");
  }

  @Test
  void aTrustStoreTheJvmCannotLoadIsNamedAsSuchNotBlamedOnTheServer(@TempDir Path dir)
      throws Exception {
    UploadCertificates ca = UploadCertificates.authority();
    RawUploadServer server = server(ca.serverFor127());
    Path store = dir.resolve("trust.p12");
    ca.writeTrustStore(store, "right".toCharArray());
    // The JDK's default context, as the upload client makes it, with a password that does not
    // open the store: the JDK then trusts nothing and says "No X509TrustManager implementation
    // available" at the handshake.
    SSLContext defaults;
    Map<String, String> before = new HashMap<>();
    for (String key :
        List.of(
            "javax.net.ssl.trustStore",
            "javax.net.ssl.trustStorePassword",
            "javax.net.ssl.trustStoreType")) {
      before.put(key, System.getProperty(key));
    }
    try {
      System.setProperty("javax.net.ssl.trustStore", store.toString());
      System.setProperty("javax.net.ssl.trustStorePassword", "wrong");
      System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
      defaults = SSLContext.getInstance("TLS");
      defaults.init(null, null, null);
    } finally {
      before.forEach(
          (key, value) -> {
            if (value == null) {
              System.clearProperty(key);
            } else {
              System.setProperty(key, value);
            }
          });
    }

    ImportException error = failure(uploader(server.url(), BEARER, 5, defaults));

    assertTlsFailure(error, server, "this JVM's trust store could not be loaded");
    assertThat(error.getMessage())
        .contains("javax.net.ssl.trustStore", "trustStorePassword")
        .doesNotContain("not for the host", "wrong", "right");
  }

  @Test
  void anExpiredCertificateIsTlsFailureWithoutRetry() throws IOException {
    UploadCertificates ca = UploadCertificates.authority();
    RawUploadServer server = server(ca.expiredServer());

    ImportException error = failure(uploader(server.url(), BEARER, 5, ca.trustingClient()));

    assertTlsFailure(error, server, "expired or is not yet valid");
  }

  @Test
  void aTrustedCertificateForTheHostUploads() throws IOException {
    UploadCertificates ca = UploadCertificates.authority();
    RawUploadServer server = server(ca.serverFor127());

    uploader(server.url(), BEARER, 1, ca.trustingClient()).upload(batch(), () -> false);

    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void anHttpUploadNeverSetsUpTls() throws IOException {
    RawUploadServer server = server();
    AtomicInteger contexts = new AtomicInteger();
    BatchUploader uploader =
        uploader(
            server.url(),
            () -> {
              contexts.incrementAndGet();
              throw new AssertionError("a TLS context for an http upload");
            });

    uploader.upload(batch(), () -> false);
    uploader.upload(batch(), () -> false);

    assertThat(server.requests()).hasSize(2);
    assertThat(contexts).hasValue(0);
  }

  @Test
  void anHttpsUploadSetsUpTlsOnceOnTheFirstConnection() throws IOException {
    UploadCertificates ca = UploadCertificates.authority();
    RawUploadServer server = server(ca.serverFor127());
    AtomicInteger contexts = new AtomicInteger();
    SSLContext trusting = ca.trustingClient();
    BatchUploader uploader =
        uploader(
            server.url(),
            () -> {
              contexts.incrementAndGet();
              return trusting;
            });
    assertThat(contexts).hasValue(0);

    uploader.upload(batch(), () -> false);
    uploader.upload(batch(), () -> false);

    assertThat(server.requests()).hasSize(2);
    assertThat(contexts).hasValue(1);
  }

  private BatchUploader uploader(URI url, Supplier<SSLContext> tls) {
    BatchUploader uploader =
        new BatchUploader(url, settings(url, 1), BEARER, IMPORT_ID, options(), progress, tls);
    closing.add(uploader);
    return uploader;
  }

  private void assertTlsFailure(ImportException error, RawUploadServer server, String reason) {
    assertThat(error.code()).isEqualTo("TLS_FAILURE");
    assertThat(error.hint())
        .contains("javax.net.ssl.trustStore", "trustedCertificates is for the token call only");
    assertThat(error.getMessage())
        .contains(
            "https://127.0.0.1:" + server.port() + "/v1/projects/p/records", reason, "lines 2-3")
        .doesNotContain("Exception");
    assertThat(server.requests()).isEmpty();
    assertThat(server.connections()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  // --- A plugin's code failing ---

  /** An Error no code would catch by accident. */
  private static final class PluginBrokeError extends Error {
    private static final long serialVersionUID = 1L;

    PluginBrokeError() {
      super("secret-in-message");
    }
  }

  @Test
  void aStrategyThrowingARuntimeExceptionIsPluginFailureNamingItsClassAndType() throws IOException {
    RawUploadServer server = server();
    AuthStrategy broken =
        new TestStrategy(
            request -> {
              throw new IllegalStateException("secret-in-message");
            });

    ImportException error = failure(uploader(server.url(), broken, 5));

    assertPluginFailure(error, server, "java.lang.IllegalStateException");
  }

  @Test
  void aStrategyThrowingAnErrorIsPluginFailureToo() throws IOException {
    RawUploadServer server = server();
    AuthStrategy broken =
        new TestStrategy(
            request -> {
              throw new PluginBrokeError();
            });

    ImportException error = failure(uploader(server.url(), broken, 5));

    assertPluginFailure(error, server, PluginBrokeError.class.getName());
  }

  @Test
  void aStrategyWritingAHeaderValueThatCannotBeSentIsPluginFailure() throws IOException {
    RawUploadServer server = server();
    AuthStrategy broken = new TestStrategy(request -> request.setHeader("X-Key", "a\r\nb"));

    ImportException error = failure(uploader(server.url(), broken, 5));

    assertPluginFailure(error, server, "java.lang.IllegalArgumentException");
  }

  private void assertPluginFailure(ImportException error, RawUploadServer server, String thrown) {
    assertThat(error.code()).isEqualTo("PLUGIN_FAILURE");
    assertThat(error.getMessage())
        .contains(TestStrategy.class.getName(), "type 'test'", thrown, "a.csv", "lines 2-3")
        .doesNotContain("secret-in-message", "resume");
    assertThat(error.hint()).doesNotContain("resume");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aStrategyThatThrowsWhenToldOfA401IsPluginFailure() throws IOException {
    RawUploadServer server = server();
    server.respondWith((request, socket, out) -> RawUploadServer.respond(out, 401, Map.of()));
    AuthStrategy broken =
        new TestStrategy(request -> {}) {
          @Override
          public void rejected(Credential credential) {
            throw new UnsupportedOperationException();
          }
        };

    ImportException error = failure(uploader(server.url(), broken, 5));

    assertThat(error.code()).isEqualTo("PLUGIN_FAILURE");
    assertThat(error.getMessage()).contains("UnsupportedOperationException", "in rejected");
  }
}
