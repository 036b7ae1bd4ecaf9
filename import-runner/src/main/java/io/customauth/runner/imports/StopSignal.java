package io.customauth.runner.imports;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asks a running import to stop, e.g. on Ctrl-C: it sends no new batch, lets the batches in flight
 * finish for a grace period ({@link ImportOptions#stopGrace()}), journals what was acknowledged and
 * ends with {@link ImportErrorCode#INTERRUPTED}. Thread-safe; {@link #request()} may be called from
 * any thread (a shutdown hook), any number of times.
 */
public final class StopSignal {
  private final CountDownLatch requested = new CountDownLatch(1);

  /** A signal nobody will raise, for imports that cannot be interrupted. */
  public static StopSignal none() {
    return new StopSignal();
  }

  /** Asks the import to stop. Returns at once; the import's result says when it stopped. */
  public void request() {
    requested.countDown();
  }

  public boolean isRequested() {
    return requested.getCount() == 0;
  }

  /** Waits up to {@code timeout} for a request; true when one came. */
  boolean await(Duration timeout) throws InterruptedException {
    return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
