package io.customauth.plugin.custom;

import io.customauth.plugin.custom.config.ConfigReader;
import io.customauth.plugin.custom.config.CustomAuthConfig;
import io.customauth.plugin.custom.config.CustomAuthDescription;
import io.customauth.plugin.custom.exchange.RetryPolicy;
import io.customauth.plugin.custom.exchange.Sleeper;
import io.customauth.plugin.custom.exchange.TokenExchange;
import io.customauth.plugin.custom.exchange.TokenHttpClient;
import io.customauth.plugin.custom.exchange.TrustedCertificates;
import io.customauth.plugin.custom.token.CoarseClock;
import io.customauth.plugin.custom.token.Scheduler;
import io.customauth.plugin.custom.token.SharedTokenSource;
import io.customauth.plugin.custom.token.TokenCache;
import io.customauth.plugin.custom.token.TokenSource;
import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.AuthStrategyFactory;
import io.customauth.spi.ConfigDescription;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.Credential;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * Makes {@code custom} strategies: a bespoke HTTP token exchange configured by the connector's auth
 * block (PRODUCT.md section 2). Found by {@link java.util.ServiceLoader}; cheap to construct.
 * Thread-safe.
 */
public final class CustomAuthStrategyFactory implements AuthStrategyFactory {
  public static final String TYPE = "custom";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Optional<ConfigDescription> describeConfig() {
    return Optional.of(CustomAuthDescription.DESCRIPTION);
  }

  @Override
  public List<ConfigViolation> validate(Map<String, Object> config) {
    return ConfigReader.violations(config);
  }

  @Override
  public AuthStrategy create(Map<String, Object> config, AuthContext context) {
    return create(config, context, RetryPolicy.DEFAULT, Sleeper.THREAD);
  }

  /**
   * {@link #create(Map, AuthContext)} with the waits between attempts under the caller's control;
   * the number of attempts is always the config's {@code maxAttempts}.
   */
  AuthStrategy create(
      Map<String, Object> config, AuthContext context, RetryPolicy retries, Sleeper sleeper) {
    CustomAuthConfig settings = ConfigReader.read(config);
    Optional<Path> pem =
        settings
            .trustedCertificatesPath()
            .map(
                path ->
                    context.resolvePath(
                        "trustedCertificates",
                        context.secrets().resolve("trustedCertificates", path)));
    // A configured PEM file is read now, so that a bad one is a config error of this call; the
    // JDK's default trust is set up only if an https connection is made.
    CloseableHttpClient client =
        pem.isPresent()
            ? TokenHttpClient.create(TrustedCertificates.sslContext(pem), settings.timeout())
            : TokenHttpClient.create(
                () -> TrustedCertificates.sslContext(Optional.empty()), settings.timeout());
    // Ends each token request attempt at its deadline; never blocks, so one thread serves all.
    ScheduledThreadPoolExecutor deadlines =
        new ScheduledThreadPoolExecutor(1, daemonThreads("custom-auth-deadline"));
    deadlines.setRemoveOnCancelPolicy(true); // most deadlines are cancelled: do not keep them
    TokenExchange exchange =
        new TokenExchange(
            settings,
            client,
            context.secrets(),
            context.clock(),
            context.logger(),
            retries.withMaxAttempts(settings.maxAttempts()),
            sleeper,
            deadlines);
    // Token requests block for seconds: they run on threads of this strategy, never on the
    // host's shared timer threads (AuthContext.scheduler()), which only hand them over.
    ExecutorService fetches = Executors.newCachedThreadPool(daemonThreads("custom-auth-fetch"));
    // With a token store, runners of the same connector share one token (PRODUCT.md section 8).
    Optional<SharedTokenSource> shared =
        context
            .tokenStore()
            .map(
                store -> {
                  Duration lease = lease(settings.timeout(), retries);
                  return new SharedTokenSource(
                      exchange, store, context.clock(), lease, lease, fetches, context.logger());
                });
    // The cache checks expiry on every read; a clock read costs more than the rest of the hot path.
    Clock hotPathClock =
        CoarseClock.forHotPath(context.clock(), daemonThreads("custom-auth-clock"));
    TokenCache cache =
        new TokenCache(
            shared.<TokenSource>map(source -> source).orElse(exchange),
            Scheduler.of(context.scheduler(), fetches, hotPathClock),
            context.logger(),
            context::credentialRefreshed);
    AutoCloseable ticker = hotPathClock instanceof CoarseClock coarse ? coarse : () -> {};
    return new CustomAuthStrategy(
        settings.inject(),
        cache,
        shared.<Consumer<Credential>>map(source -> source::rejected).orElse(credential -> {}),
        List.of(client, fetches::shutdownNow, deadlines::shutdownNow, ticker));
  }

  /** Longest time of one token exchange: every attempt timing out, with the backoff between. */
  static Duration lease(Duration timeout, RetryPolicy retries) {
    Duration lease = timeout.multipliedBy(retries.maxAttempts());
    Duration wait = retries.base();
    for (int attempt = 1; attempt < retries.maxAttempts(); attempt++) {
      lease = lease.plus(wait.compareTo(retries.cap()) > 0 ? retries.cap() : wait);
      wait = wait.multipliedBy(2);
    }
    return lease.plusSeconds(1);
  }

  /**
   * Daemon threads, so a host that forgets to close a strategy can still exit, with this plugin's
   * class loader as context class loader, as the host gives its own threads.
   */
  static ThreadFactory daemonThreads(String name) {
    ClassLoader loader = CustomAuthStrategyFactory.class.getClassLoader();
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      thread.setContextClassLoader(loader);
      return thread;
    };
  }
}
