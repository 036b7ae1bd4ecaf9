package io.customauth.runner.imports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand, optionally ticking forward a little on every read. */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final Duration tick;

  public MutableClock(Instant start) {
    this(start, Duration.ZERO);
  }

  /**
   * @param tick added after every read, so that time passes as the code under test works
   */
  public MutableClock(Instant start, Duration tick) {
    this.now = new AtomicReference<>(start);
    this.tick = tick;
  }

  public void advance(Duration duration) {
    now.updateAndGet(instant -> instant.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.getAndUpdate(instant -> instant.plus(tick));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
