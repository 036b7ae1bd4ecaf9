package io.customauth.plugin.custom.token;

import static java.lang.System.Logger.Level.WARNING;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MINUTE = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock(START);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final RecordingLogger logger = new RecordingLogger();
  private final List<Credential> refreshed = new CopyOnWriteArrayList<>();
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private TokenCache cache;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (cache != null) {
      cache.close();
    }
    callers.shutdownNow();
    assertThat(callers.awaitTermination(10, SECONDS)).as("caller threads ended").isTrue();
  }

  private ScriptedTokenSource tokens(Duration lifetime, Duration safetyWindow) {
    ScriptedTokenSource source = new ScriptedTokenSource(clock, lifetime, safetyWindow);
    // The jitter is fixed at the middle of its range, so every retry time is exact.
    cache = new TokenCache(source, scheduler, logger, refreshed::add, () -> 0.5);
    return source;
  }

  private static AuthException outage() {
    return new AuthException(
        ErrorCode.ENDPOINT_UNAVAILABLE, "the token endpoint answered 503", 503, null);
  }

  /** Starts {@code count} callers of get() and waits until each is parked in a fetch or a wait. */
  private List<Future<Credential>> parkedCallers(int count) {
    List<Future<Credential>> results = new ArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    for (int i = 0; i < count; i++) {
      results.add(
          callers.submit(
              () -> {
                threads.add(Thread.currentThread());
                return cache.get();
              }));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> threads.size() == count && threads.stream().allMatch(TokenCacheTest::parked));
    return results;
  }

  /** In a fetch held by the test (a timed wait) or waiting for another caller's fetch. */
  static boolean parked(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }

  @Test
  void refreshesAtExpiryMinusSafetyWindow() {
    ScriptedTokenSource source = tokens(HOUR, MINUTE);
    Credential first = cache.get();
    assertThat(first.refreshAt()).isEqualTo(START.plus(HOUR).minus(MINUTE));

    scheduler.advanceTo(first.refreshAt().minusMillis(1));
    assertThat(cache.get()).isSameAs(first);
    assertThat(source.fetches()).isEqualTo(1);

    scheduler.advance(Duration.ofMillis(1));
    assertThat(source.fetches()).isEqualTo(2);
    Credential second = cache.get();
    assertThat(second.token()).isEqualTo("secret-token-2");
    assertThat(second.expiresAt()).isEqualTo(first.refreshAt().plus(HOUR));
    assertThat(refreshed).containsExactly(first, second);
  }

  @Test
  void sixtySecondTokenIsUsedForThirtySeconds() {
    ScriptedTokenSource source = tokens(Duration.ofSeconds(60), Duration.ofSeconds(60));
    Credential first = cache.get();

    scheduler.advance(Duration.ofMillis(29_999));
    assertThat(cache.get()).isSameAs(first);
    assertThat(source.fetches()).isEqualTo(1);

    scheduler.advance(Duration.ofMillis(1));
    assertThat(cache.get()).isNotEqualTo(first);
    assertThat(source.fetches()).isEqualTo(2);
  }

  @Test
  void zeroSafetyWindowRefreshesAtExpiryInsteadOfFailingCallers() {
    ScriptedTokenSource source = tokens(HOUR, Duration.ZERO);
    Credential first = cache.get();

    scheduler.advanceTo(first.expiresAt());

    assertThat(source.fetches()).isEqualTo(2);
    assertThat(cache.get().token()).isEqualTo("secret-token-2");
  }

  @Test
  void failedBackgroundRefreshKeepsServingValidToken() {
    ScriptedTokenSource source = tokens(HOUR, MINUTE);
    Credential first = cache.get();
    source.failNext(1, outage());

    scheduler.advanceTo(first.refreshAt());

    assertThat(source.fetches()).isEqualTo(2);
    assertThat(cache.get()).isSameAs(first);
    assertThat(refreshed).containsExactly(first);
    assertThat(logger.messages(WARNING))
        .singleElement()
        .satisfies(
            message ->
                assertThat(message)
                    .contains("ENDPOINT_UNAVAILABLE", "503", first.expiresAt().toString())
                    .doesNotContain("secret-token"));
  }

  @Test
  void backgroundRefreshRetriesWithBackoff() {
    ScriptedTokenSource source = tokens(HOUR, MINUTE);
    Credential first = cache.get();
    source.failNext(3, outage());
    scheduler.advanceTo(first.refreshAt());

    Instant failedAt = first.refreshAt();
    for (int retry = 1; retry <= 3; retry++) {
      // 1 s, 2 s, 4 s with equal jitter at random 0.5: three quarters of each.
      Duration expectedWait = Duration.ofMillis(750L << (retry - 1));
      Instant retryAt = scheduler.nextDueTime().orElseThrow();
      assertThat(retryAt).isEqualTo(failedAt.plus(expectedWait));

      scheduler.advanceTo(retryAt.minusNanos(1));
      assertThat(source.fetches()).isEqualTo(retry + 1);
      scheduler.advanceTo(retryAt);
      assertThat(source.fetches()).isEqualTo(retry + 2);
      failedAt = retryAt;
    }

    assertThat(cache.get().token()).isEqualTo("secret-token-5");
    assertThat(logger.messages(WARNING)).hasSize(3);
    assertThat(scheduler.nextDueTime()).contains(cache.get().refreshAt());
  }

  @Test
  void callersSeeErrorOnlyWhenNoValidTokenRemains() {
    ScriptedTokenSource source = tokens(HOUR, MINUTE);
    Credential first = cache.get();
    AuthException outage = outage();
    source.failNext(Integer.MAX_VALUE, outage);

    for (Instant t = first.refreshAt(); t.isBefore(first.expiresAt()); t = t.plusMillis(250)) {
      scheduler.advanceTo(t);
      assertThat(cache.get()).isSameAs(first);
    }
    scheduler.advanceTo(first.expiresAt().minusNanos(1));
    assertThat(cache.get()).isSameAs(first);
    // The refresh and 17 retries, each at most half the remaining life away, the last one 132 ms
    // before expiry (its half, 66 ms, is too short for another); none is left for after expiry.
    int backgroundAttempts = source.fetches() - 1;
    assertThat(backgroundAttempts).isEqualTo(18);
    assertThat(scheduler.nextDueTime()).isEmpty();

    scheduler.advanceTo(first.expiresAt());

    assertThatThrownBy(cache::get).isSameAs(outage);
    assertThat(source.fetches()).isEqualTo(backgroundAttempts + 2);
  }

  @Test
  void expiredTokenIsNeverServed() {
    ScriptedTokenSource source = tokens(HOUR, MINUTE);
    Credential first = cache.get();
    source.failNext(Integer.MAX_VALUE, outage());
    scheduler.advanceTo(first.expiresAt().minusNanos(1));
    int attempts = source.fetches();
    source.failNext(0, outage());

    scheduler.advanceTo(first.expiresAt());
    Credential after = cache.get();

    assertThat(after).isNotEqualTo(first);
    assertThat(after.expiresAt()).isAfter(clock.instant());
    assertThat(source.fetches()).isEqualTo(attempts + 1);
  }

  @Test
  void getAfterExpiryJoinsRefreshInFlight() throws Exception {
    ScriptedTokenSource source = tokens(HOUR, MINUTE);
    Credential first = cache.get();
    source.hold();
    // The background refresh runs on the thread that advances the scheduler: keep it busy there.
    Future<?> refreshing = callers.submit(() -> scheduler.advanceTo(first.refreshAt()));
    source.awaitFetchStarted();
    assertThat(cache.get()).as("served while refreshing").isSameAs(first);

    scheduler.advanceTo(first.expiresAt());
    List<Future<Credential>> waiting = parkedCallers(4);
    source.release();

    refreshing.get(10, SECONDS);
    for (Future<Credential> result : waiting) {
      assertThat(result.get(10, SECONDS).token()).isEqualTo("secret-token-2");
    }
    assertThat(source.fetches()).isEqualTo(2);
  }

  @Test
  void staleRejectedDoesNotCauseSecondRefresh() {
    ScriptedTokenSource source = tokens(HOUR, MINUTE);
    Credential first = cache.get();

    // 100 requests sent with the same token all come back 401, one after the other.
    for (int request = 0; request < 100; request++) {
      cache.rejected(first);
      assertThat(cache.get().token()).isEqualTo("secret-token-2");
    }

    assertThat(source.fetches()).isEqualTo(2);
    assertThat(refreshed).hasSize(2);
  }

  @Test
  void rejectedCurrentTokenFetchesOnce() {
    ScriptedTokenSource source = tokens(HOUR, MINUTE);
    Credential first = cache.get();
    Credential equalCopy = new Credential(first.token(), first.expiresAt(), first.refreshAt());

    cache.rejected(equalCopy);
    Credential second = cache.get();

    assertThat(second.token()).isEqualTo("secret-token-2");
    assertThat(cache.get()).isSameAs(second);
    assertThat(source.fetches()).isEqualTo(2);
    // The dropped token's refresh was cancelled: only the new token's refresh remains.
    assertThat(scheduler.pendingTasks()).isEqualTo(1);
    assertThat(scheduler.nextDueTime()).contains(second.refreshAt());
  }

  @Test
  void concurrentFirstCallersShareOneFetch() throws Exception {
    ScriptedTokenSource source = tokens(HOUR, MINUTE).hold();

    List<Future<Credential>> results = parkedCallers(8);
    assertThat(source.fetches()).isEqualTo(1);
    source.release();

    for (Future<Credential> result : results) {
      assertThat(result.get(10, SECONDS).token()).isEqualTo("secret-token-1");
    }
    assertThat(source.fetches()).isEqualTo(1);
    assertThat(refreshed).hasSize(1);
  }

  @Test
  void errorsAreSharedByAllWaitersAndNotCached() throws Exception {
    AuthException refused =
        new AuthException(
            ErrorCode.INVALID_CREDENTIALS, "the token endpoint answered 401", 401, null);
    ScriptedTokenSource source = tokens(HOUR, MINUTE).failNext(1, refused).hold();

    List<Future<Credential>> results = parkedCallers(8);
    source.release();

    for (Future<Credential> result : results) {
      assertThatThrownBy(() -> result.get(10, SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isSameAs(refused);
    }
    assertThat(source.fetches()).isEqualTo(1);
    assertThat(cache.get().token()).isEqualTo("secret-token-2");
    assertThat(source.fetches()).isEqualTo(2);
  }

  @Test
  void tokenExpiredOnArrivalIsNotServedNorRetriedInALoop() {
    cache =
        new TokenCache(
            () -> new Credential("secret-token", START, START), scheduler, logger, refreshed::add);

    assertThatThrownBy(cache::get)
        .isInstanceOfSatisfying(
            AuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID))
        .message()
        .doesNotContain("secret-token");
    assertThat(scheduler.pendingTasks()).isZero();
    assertThat(refreshed).isEmpty();
  }

  @Test
  void closeCancelsTimers() {
    ScriptedTokenSource source = tokens(HOUR, MINUTE);
    cache.get();
    assertThat(scheduler.pendingTasks()).isEqualTo(1);

    cache.close();
    cache.close();

    assertThat(scheduler.pendingTasks()).isZero();
    scheduler.advance(HOUR.multipliedBy(3));
    assertThat(source.fetches()).isEqualTo(1);
    assertThatThrownBy(cache::get).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeReleasesCallersWaitingForAFetch() throws Exception {
    ScriptedTokenSource source = tokens(HOUR, MINUTE).hold();
    List<Future<Credential>> results = parkedCallers(3);

    cache.close();
    source.release();

    for (Future<Credential> result : results) {
      assertThatThrownBy(() -> result.get(10, SECONDS))
          .cause()
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(scheduler.pendingTasks()).as("a late result schedules nothing").isZero();
    assertThat(refreshed).isEmpty();
  }

  @Test
  void anExpiredTokenIsNotServedWhenTheSchedulerRunsLate() {
    ScriptedTokenSource source = tokens(HOUR, MINUTE);
    Credential first = cache.get();

    // The clock passes expiry while no timer runs: a suspended process, a busy scheduler.
    clock.advanceTo(first.expiresAt());
    Credential after = cache.get();

    assertThat(after.token()).isEqualTo("secret-token-2");
    assertThat(after.expiresAt()).isAfter(first.expiresAt());
    assertThat(source.fetches()).isEqualTo(2);
  }

  @Test
  void anExpiredTokenIsNotServedWhenTheSchedulerRunsLateAndTheFetchFails() {
    ScriptedTokenSource source = tokens(HOUR, MINUTE);
    Credential first = cache.get();
    AuthException outage = outage();
    source.failNext(1, outage);

    clock.advanceTo(first.expiresAt().plusSeconds(3600));

    assertThatThrownBy(cache::get).isSameAs(outage);
    assertThat(source.fetches()).isEqualTo(2);
  }

  @Test
  void aTokenIsServedUntilTheMillisecondBeforeItsExpiry() {
    ScriptedTokenSource source = tokens(HOUR, Duration.ZERO);
    Credential first = cache.get();

    clock.advanceTo(first.expiresAt().minusMillis(1));
    assertThat(cache.get()).isSameAs(first);
    clock.advanceTo(first.expiresAt());
    assertThat(cache.get()).isNotSameAs(first);
    assertThat(source.fetches()).isEqualTo(2);
  }

  @Test
  void onlyTheRefreshAheadIsScheduled() {
    tokens(HOUR, MINUTE);
    Credential first = cache.get();

    assertThat(scheduler.pendingTasks()).isEqualTo(1);
    assertThat(scheduler.nextDueTime()).contains(first.refreshAt());
  }

  @Test
  void aNonExpiringTokenIsServedUntilRejectedAndSchedulesNothing() {
    AtomicInteger fetches = new AtomicInteger();
    cache =
        new TokenCache(
            () -> Credential.nonExpiring("secret-token-" + fetches.incrementAndGet()),
            scheduler,
            logger,
            refreshed::add);
    Credential first = cache.get();

    clock.advance(Duration.ofDays(365 * 300));
    assertThat(cache.get()).isSameAs(first);
    assertThat(scheduler.pendingTasks()).isZero();

    cache.rejected(first);
    assertThat(cache.get().token()).isEqualTo("secret-token-2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void aTokenFarInTheFutureIsScheduledWithoutOverflow() {
    Instant farAway = Instant.parse("9999-12-31T23:59:59Z");
    cache =
        new TokenCache(
            () -> new Credential("secret-token", farAway, farAway.minusSeconds(60)),
            scheduler,
            logger,
            refreshed::add);

    assertThat(cache.get().expiresAt()).isEqualTo(farAway);
    assertThat(scheduler.nextDueTime()).contains(farAway.minusSeconds(60));
  }

  @Test
  void getAllocatesNothingWhileTokenIsValid() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);
    tokens(HOUR, MINUTE);
    Credential first = cache.get();
    long id = Thread.currentThread().getId();
    boolean same = true;

    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 200_000; i++) {
      same &= cache.get() == first;
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;

    assertThat(same).isTrue();
    // Even 8 bytes per call would be 1.6 MB; the slack is for the measurement itself.
    assertThat(allocated).isLessThan(16_384);
  }

  @Test
  void credentialAndCacheToStringRedactTheToken() {
    tokens(HOUR, MINUTE);
    Credential credential = cache.get();

    assertThat(credential.toString()).doesNotContain("secret-token").contains("[REDACTED]");
    assertThat(cache.toString())
        .doesNotContain("secret-token")
        .contains("FRESH", credential.fingerprint());
  }
}
