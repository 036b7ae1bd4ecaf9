package io.customauth.plugin.custom.token;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "host-timer"));
  private final ExecutorService work =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "plugin-work"));
  private final Scheduler scheduler = Scheduler.of(timers, work, clock);

  @AfterEach
  void stop() throws InterruptedException {
    timers.shutdownNow();
    work.shutdownNow();
    assertThat(timers.awaitTermination(10, SECONDS)).isTrue();
    assertThat(work.awaitTermination(10, SECONDS)).isTrue();
  }

  @Test
  void aDelayBeyondTheRangeOfNanosecondsIsClampedInsteadOfOverflowing() {
    ScheduledFuture<?> timer =
        (ScheduledFuture<?>) scheduler.schedule(Instant.parse("9999-12-31T23:59:59Z"), () -> {});

    // Far in the future, not at once. How far the executor keeps it differs by JDK: 17 keeps the
    // clamped 292 years, 25's queue caps delays at Long.MAX_VALUE / 2 ns (146 years).
    assertThat(timer.getDelay(NANOSECONDS)).isGreaterThan(Duration.ofDays(365 * 100).toNanos());
  }

  @Test
  void theLastInstantThereIsIsScheduledToo() {
    ScheduledFuture<?> timer = (ScheduledFuture<?>) scheduler.schedule(Instant.MAX, () -> {});

    // Far in the future, not at once. How far the executor keeps it differs by JDK: 17 keeps the
    // clamped 292 years, 25's queue caps delays at Long.MAX_VALUE / 2 ns (146 years).
    assertThat(timer.getDelay(NANOSECONDS)).isGreaterThan(Duration.ofDays(365 * 100).toNanos());
  }

  @Test
  void anInstantInThePastRunsAtOnce() {
    AtomicReference<String> ranOn = new AtomicReference<>();

    scheduler.schedule(Instant.MIN, () -> ranOn.set(Thread.currentThread().getName()));

    await().atMost(Duration.ofSeconds(5)).until(() -> ranOn.get() != null);
  }

  @Test
  void delaysCountFromTheClock() {
    ScheduledFuture<?> timer =
        (ScheduledFuture<?>) scheduler.schedule(NOW.plusSeconds(3600), () -> {});

    assertThat(timer.getDelay(NANOSECONDS))
        .isBetween(Duration.ofSeconds(3590).toNanos(), Duration.ofSeconds(3600).toNanos());
  }

  @Test
  void aDueTaskRunsOnTheWorkThreadsNotOnTheTimerThread() {
    AtomicReference<String> ranOn = new AtomicReference<>();

    scheduler.schedule(NOW, () -> ranOn.set(Thread.currentThread().getName()));

    await().atMost(Duration.ofSeconds(5)).until(() -> ranOn.get() != null);
    assertThat(ranOn.get()).isEqualTo("plugin-work");
  }

  @Test
  void aTaskDueAfterTheWorkThreadsWereShutDownIsDropped() {
    work.shutdownNow();

    ScheduledFuture<?> timer = (ScheduledFuture<?>) scheduler.schedule(NOW, () -> {});

    // The hand-over is refused quietly: the timer ends normally instead of failing.
    await().atMost(Duration.ofSeconds(5)).until(timer::isDone);
    assertThat((Future<?>) timer).isNotCancelled().succeedsWithin(Duration.ZERO);
  }

  @Test
  void delayNanosIsZeroForThePastAndSaturatesForTheFarFuture() {
    assertThat(Scheduler.delayNanos(NOW, NOW.minusSeconds(1))).isZero();
    assertThat(Scheduler.delayNanos(NOW, Instant.MIN)).isZero();
    assertThat(Scheduler.delayNanos(NOW, NOW.plusMillis(1))).isEqualTo(1_000_000);
    assertThat(Scheduler.delayNanos(NOW, Instant.MAX)).isEqualTo(Long.MAX_VALUE);
  }
}
