package io.customauth.plugin.custom.token;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The system clock for {@link TokenCache#get()}'s expiry check, read as one volatile field that a
 * thread of its own refreshes every {@link #TICK_MILLIS} ms.
 *
 * <p>Why: reading the system clock costs 20-50 ns here (more than the rest of the hot path ten
 * times over), and the cache must check expiry on every read. A late value is bounded by the tick,
 * not by any timer of the cache: the ticker does nothing else, so a busy scheduler does not delay
 * it, and after a suspended process resumes it catches up within one tick (its sleep counts
 * monotonic time). A token is therefore served at most about {@value #TICK_MILLIS} ms past its
 * expiry, well within the product's promise of 1 s (PRODUCT.md section 3).
 *
 * <p>Only {@link #millis()} is coarse; {@link #instant()} reads the system clock, so refresh times
 * and expiries are computed exactly. Any clock other than the system clock (a test's) is used as it
 * is, with no thread: see {@link #forHotPath}. Thread-safe.
 */
public final class CoarseClock extends Clock implements AutoCloseable {
  /** How often the ticker reads the system clock. */
  public static final long TICK_MILLIS = 100;

  private final Clock source;
  private final ScheduledExecutorService ticker;
  private volatile long millis;

  private CoarseClock(Clock source, ThreadFactory threads) {
    this.source = source;
    this.millis = source.millis();
    this.ticker = Executors.newSingleThreadScheduledExecutor(threads);
    ticker.scheduleAtFixedRate(
        () -> millis = source.millis(), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * A coarse clock over {@code clock} when it is the system clock, else {@code clock} itself. Close
   * the result when it is a {@code CoarseClock} (its ticker is a daemon thread either way).
   *
   * @param threads makes the ticker's one daemon thread
   */
  public static Clock forHotPath(Clock clock, ThreadFactory threads) {
    requireNonNull(clock, "clock");
    requireNonNull(threads, "threads");
    return clock.getClass() == Clock.systemUTC().getClass()
        ? new CoarseClock(clock, threads)
        : clock;
  }

  /** The system clock's epoch milliseconds as of the last tick: at most about one tick behind. */
  @Override
  public long millis() {
    return millis;
  }

  /** Exact: read from the system clock. */
  @Override
  public Instant instant() {
    return source.instant();
  }

  @Override
  public ZoneId getZone() {
    return source.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return source.withZone(zone);
  }

  /** Stops the ticker; {@link #millis()} then stays where it was. Idempotent. */
  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
