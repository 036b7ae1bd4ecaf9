package io.customauth.plugin.custom.token;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, and counts how often it was read.
 * Thread-safe: other threads see a move at once. It never goes backwards.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final AtomicLong reads;
  private final ZoneId zone;

  /** A UTC clock showing {@code start}. */
  public MutableClock(Instant start) {
    this(new AtomicReference<>(requireNonNull(start, "start")), new AtomicLong(), ZoneOffset.UTC);
  }

  private MutableClock(AtomicReference<Instant> now, AtomicLong reads, ZoneId zone) {
    this.now = now;
    this.reads = reads;
    this.zone = zone;
  }

  /** Moves the clock forward by {@code amount}, which must not be negative. */
  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a clock does not go back: " + amount);
    }
    now.accumulateAndGet(null, (current, ignored) -> current.plus(amount));
  }

  /** Moves the clock to {@code instant}, or leaves it where it is if it is already later. */
  public void advanceTo(Instant instant) {
    requireNonNull(instant, "instant");
    now.accumulateAndGet(instant, (current, target) -> target.isAfter(current) ? target : current);
  }

  /** How many times {@link #instant()} was called, on this clock or one sharing its time. */
  public long reads() {
    return reads.get();
  }

  @Override
  public Instant instant() {
    reads.incrementAndGet();
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time. */
  @Override
  public Clock withZone(ZoneId otherZone) {
    return new MutableClock(now, reads, requireNonNull(otherZone, "zone"));
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + "]";
  }
}
