package io.customauth.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.testkit.TestAuthContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clock is moved, never waited for; Awaitility only where a thread of the cache's own runs. */
class TokenCacheTest {
  private static final Duration LIFE = Duration.ofMinutes(10);
  private static final Duration AHEAD = Duration.ofMinutes(1);

  @TempDir Path directory;
  private TestAuthContext context;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile boolean failing;
  private TokenCache cache;

  @BeforeEach
  void setUp() {
    context = new TestAuthContext(directory);
  }

  @AfterEach
  void tearDown() {
    if (cache != null) {
      cache.close();
    }
  }

  /** token-N, living {@link #LIFE} from now, refreshed {@link #AHEAD} of expiry. */
  private Credential fetch() {
    if (failing) {
      throw new AuthException(ErrorCode.ENDPOINT_UNAVAILABLE, "the provider answered 503");
    }
    Instant now = context.clock().instant();
    return new Credential(
        "token-" + fetches.incrementAndGet(), now.plus(LIFE), now.plus(LIFE).minus(AHEAD));
  }

  private TokenCache inline() {
    cache = TokenCache.create(context, this::fetch, Runnable::run);
    return cache;
  }

  @Test
  void fetchesOnceAndServesTheCachedTokenUntilItsRefreshTime() {
    inline();
    assertThat(cache.get().token()).isEqualTo("token-1");
    context.advance(LIFE.minus(AHEAD).minusSeconds(1));
    assertThat(cache.get().token()).isEqualTo("token-1");
    assertThat(fetches).hasValue(1);
    assertThat(context.refreshed()).hasSize(1);
  }

  @Test
  void refreshesAheadOfExpiryAtRefreshAt() {
    inline();
    cache.get();
    context.advance(LIFE.minus(AHEAD));
    assertThat(fetches).hasValue(2);
    assertThat(cache.get().token()).isEqualTo("token-2");
  }

  @Test
  void aRefreshAheadRunsOnTheCachesOwnThreadNotTheHostsScheduler() {
    Thread test = Thread.currentThread();
    List<Thread> fetchedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
    cache =
        TokenCache.create(
            context,
            () -> {
              fetchedOn.add(Thread.currentThread());
              return fetch();
            });
    cache.get();
    context.advance(LIFE.minus(AHEAD)); // runs the timer on this thread: it only hands over

    await().atMost(Duration.ofSeconds(10)).until(() -> fetches.get() == 2);
    assertThat(fetchedOn.get(1)).isNotSameAs(test);
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.get().token().equals("token-2"));
  }

  @Test
  void callersAtTheSameMomentShareOneFetch() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    cache =
        TokenCache.create(
            context,
            () -> {
              entered.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return fetch();
            },
            Runnable::run);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Credential>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(cache::get));
      }
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      Set<String> tokens = new HashSet<>();
      for (Future<Credential> result : results) {
        tokens.add(result.get(10, TimeUnit.SECONDS).token());
      }
      assertThat(tokens).containsExactly("token-1");
      assertThat(fetches).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedRefreshKeepsServingTheValidTokenAndRetriesWithBackoff() {
    inline();
    cache.get();
    failing = true;
    context.advance(LIFE.minus(AHEAD));

    assertThat(cache.get().token()).isEqualTo("token-1");
    assertThat(context.logged())
        .anySatisfy(line -> assertThat(line).contains("ENDPOINT_UNAVAILABLE").contains("retry 1"));

    failing = false;
    context.advance(TokenCache.FIRST_RETRY); // the first retry waits at most this long
    assertThat(cache.get().token()).isEqualTo("token-2");
  }

  @Test
  void aTokenIsNeverServedAfterItsExpiry() {
    inline();
    cache.get();
    failing = true;
    context.advance(LIFE);

    assertThatThrownBy(cache::get)
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE));
  }

  @Test
  void aFailureIsNotCachedTheNextCallFetchesAgain() {
    inline();
    failing = true;
    assertThatThrownBy(cache::get).isInstanceOf(AuthException.class);
    failing = false;
    assertThat(cache.get().token()).isEqualTo("token-1");
  }

  @Test
  void aRejectionDropsOnlyTheCurrentToken() {
    inline();
    Credential first = cache.get();
    cache.rejected(first);
    Credential second = cache.get();
    cache.rejected(first);
    cache.rejected(new Credential(first.token(), first.expiresAt(), first.refreshAt()));

    assertThat(second.token()).isEqualTo("token-2");
    assertThat(cache.get()).isSameAs(second);
    assertThat(fetches).hasValue(2);
  }

  @Test
  void aTokenThatDoesNotExpireIsServedUntilRejectedAndSchedulesNothing() {
    cache = TokenCache.create(context, () -> Credential.nonExpiring("forever"), Runnable::run);
    cache.get();
    context.advance(Duration.ofDays(3650));
    assertThat(cache.get().token()).isEqualTo("forever");
    assertThat(context.manualScheduler().pendingTasks()).isZero();
  }

  @Test
  void closeCancelsTimersAndLaterCallsFail() {
    inline();
    cache.get();
    cache.close();
    cache.close();

    assertThat(context.manualScheduler().pendingTasks()).isZero();
    assertThatThrownBy(cache::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void toStringShowsTheFingerprintNeverTheToken() {
    inline();
    Credential credential = cache.get();
    assertThat(cache.toString()).contains(credential.fingerprint()).doesNotContain("token-1");
  }

  @Test
  void retriesFallBeforeExpiry() {
    for (int attempt = 1; attempt < 40; attempt++) {
      assertThat(TokenCache.retryDelay(attempt, Duration.ofSeconds(30)))
          .isLessThanOrEqualTo(Duration.ofSeconds(15));
    }
    assertThat(TokenCache.retryDelay(1, Duration.ofMillis(150))).isZero();
  }
}
