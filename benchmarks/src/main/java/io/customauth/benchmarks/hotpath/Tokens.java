package io.customauth.benchmarks.hotpath;

import io.customauth.spi.AuthStrategy;
import io.customauth.spi.SecretResolver;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/** What the hot-path benchmarks share: one token and how our strategy is built around it. */
final class Tokens {
  /** 64 characters, the size of a typical opaque token; every library serves this same string. */
  static final String TOKEN =
      "bench-" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

  static final Duration LIFETIME = Duration.ofDays(1);

  private Tokens() {}

  /**
   * Our {@code custom} strategy exactly as a connector gets it, against {@code server}, with the
   * plugin's default safety window. Not primed: the caller's first {@code authenticate} fetches the
   * token.
   */
  static AuthStrategy ourStrategy(DayLongTokenServer server, ScheduledExecutorService scheduler) {
    return OurStrategy.create(server.url(), null, scheduler, SecretResolver.NONE);
  }

  /** Two threads, as the host lends: the cache's contract wants one free for expiry events. */
  static ScheduledExecutorService daemonScheduler() {
    return OurStrategy.daemonScheduler();
  }
}
