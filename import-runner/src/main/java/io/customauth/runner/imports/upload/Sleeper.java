package io.customauth.runner.imports.upload;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits between attempts on the calling thread. Injected so that tests record the waits instead of
 * spending them. Implementations must be thread-safe: every upload thread uses the same one.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Sleeps for the whole duration, sub-millisecond part included (as precisely as the platform's
   * timer allows); zero and negative durations return at once.
   */
  Sleeper REAL =
      duration -> {
        // convert saturates instead of overflowing, unlike Duration.toNanos.
        long nanos = TimeUnit.NANOSECONDS.convert(duration);
        if (nanos > 0) {
          TimeUnit.NANOSECONDS.sleep(nanos);
        }
      };

  /**
   * @throws InterruptedException when the thread is interrupted while it waits
   */
  void sleep(Duration duration) throws InterruptedException;
}
