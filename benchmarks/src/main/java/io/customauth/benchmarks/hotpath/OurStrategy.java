package io.customauth.benchmarks.hotpath;

import io.customauth.plugin.custom.CustomAuthStrategyFactory;
import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.SecretResolver;
import io.customauth.spi.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    return create(config(tokenUrl, safetyWindow), scheduler, secrets, null);
  }

  /**
   * The auth block {@link #create} gives the plugin's factory, as a connector file would hold it;
   * also what a token store is scoped to ({@code RedisTokenStore.forConnector("custom", block)}).
   */
  public static Map<String, Object> config(String tokenUrl, Duration safetyWindow) {
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
    return Map.copyOf(config);
  }

  /**
   * The strategy the factory makes from {@code config}, with {@code store} (or none when null) as
   * the context's {@link AuthContext#tokenStore()}, as the runner lends it with a token store
   * configured.
   */
  public static AuthStrategy create(
      Map<String, Object> config,
      ScheduledExecutorService scheduler,
      SecretResolver secrets,
      TokenStore store) {
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

          @Override
          public Optional<TokenStore> tokenStore() {
            return Optional.ofNullable(store);
          }
        };
    return new CustomAuthStrategyFactory().create(config, context);
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
