package io.customauth.plugin.custom.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoarseClockTest {
  private final AtomicInteger threads = new AtomicInteger();
  private final ThreadFactory factory =
      task -> {
        threads.incrementAndGet();
        Thread thread = new Thread(task, "test-clock");
        thread.setDaemon(true);
        return thread;
      };

  @Test
  void anyClockButTheSystemClockIsUsedAsItIsWithNoThread() {
    Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    assertThat(CoarseClock.forHotPath(fixed, factory)).isSameAs(fixed);
    assertThat(threads).hasValue(0);
  }

  @Test
  void theSystemClockIsReadByItsOwnTickerAndFollowsTheRealTime() {
    try (CoarseClock clock = (CoarseClock) CoarseClock.forHotPath(Clock.systemUTC(), factory)) {
      assertThat(threads).hasValue(1);
      long start = clock.millis();

      // Within one tick of real time, and it moves on by itself: never a timer of the cache.
      assertThat(Math.abs(System.currentTimeMillis() - start)).isLessThan(1_000);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> clock.millis() >= start + 2 * CoarseClock.TICK_MILLIS);
      assertThat(System.currentTimeMillis() - clock.millis()).isLessThan(1_000);
    }
  }

  @Test
  void instantIsExactAndClosingStopsTheTicker() {
    CoarseClock clock = (CoarseClock) CoarseClock.forHotPath(Clock.systemUTC(), factory);
    Instant before = Instant.now();

    assertThat(clock.instant()).isAfterOrEqualTo(before);
    clock.close();
    clock.close(); // idempotent
    long stopped = clock.millis();
    await()
        .pollDelay(Duration.ofMillis(3 * CoarseClock.TICK_MILLIS))
        .atMost(Duration.ofSeconds(2))
        .until(() -> true);
    assertThat(clock.millis()).isEqualTo(stopped);
  }
}
