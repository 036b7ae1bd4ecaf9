package io.customauth.benchmarks.hotpath;

import io.customauth.plugin.custom.CustomAuthStrategyFactory;
import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthStrategy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** What the hot-path benchmarks share: one token and how our strategy is built around it. */
final class Tokens {
  /** 64 characters, the size of a typical opaque token; every library serves this same string. */
  static final String TOKEN =
      "bench-" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

  static final Duration LIFETIME = Duration.ofDays(1);

  private Tokens() {}

  /**
   * Our {@code custom} strategy exactly as a connector gets it: made by the plugin's factory from
   * an auth block pointing at {@code server}, with a host context of the system clock and a
   * two-thread scheduler. Not primed: the caller's first {@code authenticate} fetches the token.
   */
  static AuthStrategy ourStrategy(DayLongTokenServer server, ScheduledExecutorService scheduler) {
    Map<String, Object> config =
        Map.of(
            "type", "custom",
            "method", "POST",
            "authenticationUrl", server.url(),
            "requestBody", List.of(Map.of("key", "grant_type", "value", "client_credentials")),
            "tokenKeyName", "access_token",
            "expiryKeyName", "expires_in",
            "expiryType", "seconds");
    AuthContext context =
        new AuthContext() {
          @Override
          public Clock clock() {
            return Clock.systemUTC();
          }

          @Override
          public ScheduledExecutorService scheduler() {
            return scheduler;
          }
        };
    return new CustomAuthStrategyFactory().create(config, context);
  }

  /** Two threads, as the host lends: the cache's contract wants one free for expiry events. */
  static ScheduledExecutorService daemonScheduler() {
    return Executors.newScheduledThreadPool(
        2,
        task -> {
          Thread thread = new Thread(task, "token-events");
          thread.setDaemon(true);
          return thread;
        });
  }
}
