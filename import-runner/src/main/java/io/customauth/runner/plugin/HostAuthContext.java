package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.tokenstore.RedisTokenStore;
import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.Credential;
import io.customauth.spi.SecretResolver;
import io.customauth.spi.TokenStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What the runner lends strategies: clock, scheduler, logger, a secret resolver per connector, and
 * a count of credentials obtained for progress output. {@link #forConnectorIn(Path)} makes the
 * {@link AuthContext} of one connector. Closing it stops the scheduler and waits for its tasks;
 * close the strategies before, and the plugins' class loaders after. Thread-safe.
 */
public final class HostAuthContext implements AutoCloseable {
  /** How long {@link #close()} waits for running tasks to see their interrupt. */
  private static final Duration TERMINATION_WAIT = Duration.ofSeconds(5);

  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Function<Path, SecretResolver> secrets;
  private final System.Logger logger;
  private final AtomicLong refreshes = new AtomicLong();
  private final Optional<RedisTokenStore> tokenStore;

  /**
   * @param scheduler owned by this context from now on: {@link #close()} shuts it down
   * @param secrets the resolver of a connector, given the directory of its file (where relative
   *     {@code ${file:…}} references start)
   */
  public HostAuthContext(
      Clock clock,
      ScheduledExecutorService scheduler,
      Function<Path, SecretResolver> secrets,
      System.Logger logger) {
    this(clock, scheduler, secrets, logger, Optional.empty());
  }

  /**
   * @param tokenStore the store shared with other runners (PRODUCT.md section 8), owned by this
   *     context from now on: {@link #close()} closes it
   */
  public HostAuthContext(
      Clock clock,
      ScheduledExecutorService scheduler,
      Function<Path, SecretResolver> secrets,
      System.Logger logger,
      Optional<RedisTokenStore> tokenStore) {
    this.clock = requireNonNull(clock, "clock");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.secrets = requireNonNull(secrets, "secrets");
    this.logger = requireNonNull(logger, "logger");
    this.tokenStore = requireNonNull(tokenStore, "tokenStore");
  }

  /**
   * A context with its own scheduler of two daemon threads, so that a refresh pending at exit never
   * keeps the process alive. A cancelled timer leaves its queue at once, so it does not hold a
   * strategy (and its plugin's class loader) until its time would have come.
   */
  public static HostAuthContext withDaemonScheduler(
      Clock clock, Function<Path, SecretResolver> secrets, System.Logger logger) {
    return new HostAuthContext(clock, daemonScheduler(), secrets, logger, Optional.empty());
  }

  /** {@link #withDaemonScheduler(Clock, Function, System.Logger)} lending {@code tokenStore}. */
  public static HostAuthContext withDaemonScheduler(
      Clock clock,
      Function<Path, SecretResolver> secrets,
      System.Logger logger,
      Optional<RedisTokenStore> tokenStore) {
    return new HostAuthContext(clock, daemonScheduler(), secrets, logger, tokenStore);
  }

  private static ScheduledExecutorService daemonScheduler() {
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, "auth-scheduler-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, factory);
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /**
   * The context of the connector whose file is in {@code directory}: relative {@code ${file:…}}
   * references and {@link AuthContext#resolvePath} paths start there, so the file works (and an
   * import resumes) whatever the working directory. Shares this context's clock, scheduler, logger
   * and count; needs no closing.
   */
  public AuthContext forConnectorIn(Path directory) {
    return context(directory, Optional.empty());
  }

  /**
   * {@link #forConnectorIn(Path)}, lending the token store when there is one, scoped to the
   * connector whose auth block is {@code auth} of plugin type {@code type}: runners whose
   * connectors have the same type and block share its tokens.
   */
  public AuthContext forConnector(Path directory, String type, Map<String, Object> auth) {
    requireNonNull(type, "type");
    requireNonNull(auth, "auth");
    return context(directory, tokenStore.map(store -> store.forConnector(type, auth)));
  }

  private AuthContext context(Path directory, Optional<TokenStore> store) {
    SecretResolver resolver = requireNonNull(secrets.apply(directory), "secrets(directory)");
    return new AuthContext() {
      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public ScheduledExecutorService scheduler() {
        return scheduler;
      }

      @Override
      public SecretResolver secrets() {
        return resolver;
      }

      @Override
      public System.Logger logger() {
        return logger;
      }

      @Override
      public void credentialRefreshed(Credential credential) {
        refreshes.incrementAndGet();
      }

      /** From the connector file's directory, as relative {@code ${file:…}} references are. */
      @Override
      public Path resolvePath(String field, String path) {
        try {
          return directory.resolve(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
          throw AuthException.invalidConfig(
              List.of(new ConfigViolation("auth." + field, "is not a valid file path")));
        }
      }

      @Override
      public Optional<TokenStore> tokenStore() {
        return store;
      }
    };
  }

  /** How many credentials strategies reported obtaining, the first one included. */
  public long refreshCount() {
    return refreshes.get();
  }

  /** The scheduler itself, for tests of its policy. */
  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /**
   * Cancels pending timers, interrupts running tasks and waits (a few seconds at most) until they
   * end, so that no plugin code runs once the plugins' class loaders are closed.
   */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(TERMINATION_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        logger.log(
            System.Logger.Level.WARNING,
            "a background auth task did not stop within "
                + TERMINATION_WAIT.toSeconds()
                + " s; exiting without it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      tokenStore.ifPresent(RedisTokenStore::close);
    }
  }
}
