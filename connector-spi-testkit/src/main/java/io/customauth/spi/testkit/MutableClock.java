package io.customauth.spi.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that stands still until a test moves it. Thread-safe. Usually moved through
 * {@link TestAuthContext#advance(Duration)}, which also runs the scheduler's tasks that fall due.
 */
public final class MutableClock extends Clock {
  private volatile Instant now;

  public MutableClock(Instant start) {
    this.now = requireNonNull(start, "start");
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a MutableClock is always UTC");
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves the clock forward; it never moves back. */
  public synchronized void advanceTo(Instant target) {
    if (target.isAfter(now)) {
      now = target;
    }
  }

  /** Moves the clock forward by {@code amount}, which must not be negative. */
  public synchronized void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward");
    }
    now = now.plus(amount);
  }

  @Override
  public String toString() {
    return "MutableClock[" + now + "]";
  }
}
