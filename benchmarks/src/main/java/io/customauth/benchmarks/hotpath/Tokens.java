package io.customauth.benchmarks.hotpath;

import io.customauth.plugin.custom.token.RefreshTime;
import io.customauth.plugin.custom.token.Scheduler;
import io.customauth.plugin.custom.token.TokenCache;
import io.customauth.spi.Credential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** What the hot-path benchmarks share: one token and how our cache is built around it. */
final class Tokens {
  /** 64 characters, the size of a typical opaque token; every library serves this same string. */
  static final String TOKEN =
      "bench-" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

  static final Duration LIFETIME = Duration.ofDays(1);
  static final Duration SAFETY_WINDOW = Duration.ofSeconds(1);

  private Tokens() {}

  /**
   * Our cache as a connector gets it, primed with a day-long token. {@code fetches} counts the
   * token source's calls, so a trial can check the endpoint was never called while measuring.
   */
  static TokenCache ourCache(ScheduledExecutorService executor, AtomicInteger fetches) {
    Clock clock = Clock.systemUTC();
    TokenCache cache =
        new TokenCache(
            () -> {
              fetches.incrementAndGet();
              Instant now = clock.instant();
              Instant expiresAt = now.plus(LIFETIME);
              return new Credential(
                  TOKEN, expiresAt, RefreshTime.of(now, expiresAt, SAFETY_WINDOW));
            },
            Scheduler.of(executor, clock),
            System.getLogger("benchmarks"),
            credential -> {});
    cache.get();
    return cache;
  }

  static ScheduledExecutorService daemonScheduler() {
    return Executors.newSingleThreadScheduledExecutor(
        task -> {
          Thread thread = new Thread(task, "token-events");
          thread.setDaemon(true);
          return thread;
        });
  }
}
