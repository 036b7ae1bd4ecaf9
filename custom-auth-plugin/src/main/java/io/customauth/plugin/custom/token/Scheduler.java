package io.customauth.plugin.custom.token;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the token's timed events (refresh ahead of expiry, expiry itself, retry after backoff) at
 * instants of one {@link Clock}. Tests use a scheduler driven by a clock they move, so they never
 * sleep.
 */
public interface Scheduler {
  /** The clock that {@link #schedule} instants refer to. */
  Clock clock();

  /**
   * Runs {@code task} once, at {@code at} or as soon after as possible; at once when {@code at} has
   * passed. The returned future cancels it.
   */
  Future<?> schedule(Instant at, Runnable task);

  /** Runs {@code task} soon, on a background thread. */
  void execute(Runnable task);

  /** A scheduler on {@code executor}, counting delays from {@code clock}. */
  static Scheduler of(ScheduledExecutorService executor, Clock clock) {
    requireNonNull(executor, "executor");
    requireNonNull(clock, "clock");
    return new Scheduler() {
      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public Future<?> schedule(Instant at, Runnable task) {
        long delayNanos = Math.max(0, Duration.between(clock.instant(), at).toNanos());
        return executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void execute(Runnable task) {
        executor.execute(task);
      }
    };
  }
}
