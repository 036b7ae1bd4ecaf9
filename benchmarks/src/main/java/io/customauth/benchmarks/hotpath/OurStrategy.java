package io.customauth.benchmarks.hotpath;

import io.customauth.plugin.custom.CustomAuthStrategyFactory;
import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.SecretResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Our {@code custom} strategy exactly as a connector gets it: made by the plugin's factory from an
 * auth block ({@code POST} to {@code tokenUrl}, {@code access_token} and {@code expires_in} in
 * seconds), with a host context of the system clock, the given scheduler and secret resolver. Not
 * primed: the first {@code authenticate} fetches the token.
 */
public final class OurStrategy {
  private OurStrategy() {}

  /**
   * @param safetyWindow how long before expiry to refresh, or null for the plugin's default
   * @param secrets called each time a token request is built (the SPI's contract), so a benchmark
   *     can see on which thread token requests run
   */
  public static AuthStrategy create(
      String tokenUrl,
      Duration safetyWindow,
      ScheduledExecutorService scheduler,
      SecretResolver secrets) {
    Map<String, Object> config = new HashMap<>();
    config.put("type", "custom");
    config.put("method", "POST");
    config.put("authenticationUrl", tokenUrl);
    config.put("requestBody", List.of(Map.of("key", "grant_type", "value", "client_credentials")));
    config.put("tokenKeyName", "access_token");
    config.put("expiryKeyName", "expires_in");
    config.put("expiryType", "seconds");
    if (safetyWindow != null) {
      config.put("safetyWindowSeconds", safetyWindow.toSeconds());
    }
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

          @Override
          public SecretResolver secrets() {
            return secrets;
          }
        };
    return new CustomAuthStrategyFactory().create(Map.copyOf(config), context);
  }

  /** Two threads, as the host lends: the cache's contract wants one free for expiry events. */
  public static ScheduledExecutorService daemonScheduler() {
    return Executors.newScheduledThreadPool(
        2,
        task -> {
          Thread thread = new Thread(task, "token-events");
          thread.setDaemon(true);
          return thread;
        });
  }
}
