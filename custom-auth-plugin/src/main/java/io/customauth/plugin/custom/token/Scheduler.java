package io.customauth.plugin.custom.token;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the token's timed events (refresh ahead of expiry, retry after backoff) at instants of one
 * {@link Clock}. Tests use a scheduler driven by a clock they move, so they never sleep.
 *
 * <p>Expiry is not an event: {@link TokenCache#get()} compares the clock with it on every call, so
 * a late event can delay a refresh but never make an expired token valid.
 */
public interface Scheduler {
  /** The clock that {@link #schedule} instants refer to. */
  Clock clock();

  /**
   * Runs {@code task} once, at {@code at} or as soon after as possible; at once when {@code at} has
   * passed. The task may block. The returned future cancels it until it is due.
   */
  Future<?> schedule(Instant at, Runnable task);

  /** Runs {@code task} soon, on a background thread; the task may block. */
  void execute(Runnable task);

  /**
   * A scheduler whose timers are on {@code timers} and whose tasks run on {@code work}, counting
   * delays from {@code clock}.
   *
   * @param timers the host's shared timer threads: they only hand each due task over to {@code
   *     work}, never run it, since a token request blocks for seconds
   * @param work threads the plugin owns, for the blocking work
   */
  static Scheduler of(ScheduledExecutorService timers, Executor work, Clock clock) {
    requireNonNull(timers, "timers");
    requireNonNull(work, "work");
    requireNonNull(clock, "clock");
    return new Scheduler() {
      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public Future<?> schedule(Instant at, Runnable task) {
        requireNonNull(task, "task");
        return timers.schedule(
            () -> execute(task), delayNanos(clock.instant(), at), TimeUnit.NANOSECONDS);
      }

      @Override
      public void execute(Runnable task) {
        try {
          work.execute(task);
        } catch (RejectedExecutionException closed) {
          // The strategy was closed: its background work no longer matters.
        }
      }
    };
  }

  /**
   * The delay from {@code now} to {@code at} in nanoseconds: 0 when {@code at} has passed, {@link
   * Long#MAX_VALUE} when it is too far away to count in nanoseconds (about 292 years).
   */
  static long delayNanos(Instant now, Instant at) {
    // TimeUnit.convert(Duration) saturates where Duration.toNanos() would throw.
    return Math.max(0, TimeUnit.NANOSECONDS.convert(Duration.between(now, at)));
  }
}
