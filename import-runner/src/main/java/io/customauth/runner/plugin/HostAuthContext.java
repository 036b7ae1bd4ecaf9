package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.secrets.ReferenceResolver;
import io.customauth.spi.AuthContext;
import io.customauth.spi.Credential;
import io.customauth.spi.SecretResolver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the runner lends a strategy: clock, scheduler, secret resolver, logger, and a count of
 * refreshes for progress output. Closing it stops the scheduler it owns; close the strategies
 * first.
 */
public final class HostAuthContext implements AuthContext, AutoCloseable {
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final SecretResolver secrets;
  private final System.Logger logger;
  private final AtomicLong refreshes = new AtomicLong();

  public HostAuthContext(
      Clock clock,
      ScheduledExecutorService scheduler,
      SecretResolver secrets,
      System.Logger logger) {
    this.clock = requireNonNull(clock, "clock");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.secrets = requireNonNull(secrets, "secrets");
    this.logger = requireNonNull(logger, "logger");
  }

  /**
   * A context with its own scheduler of daemon threads, so that a refresh pending at exit never
   * keeps the process alive.
   */
  /**
   * This context as one connector sees it: relative {@code ${file:…}} references start from {@code
   * directory}, the connector file's. Shares the scheduler and the refresh count; closing this
   * context still closes the scheduler, and the view needs no closing of its own.
   */
  public AuthContext resolvingFilesFrom(Path directory) {
    SecretResolver scoped =
        secrets instanceof ReferenceResolver references
            ? references.relativeTo(directory)
            : secrets;
    HostAuthContext host = this;
    return new AuthContext() {
      @Override
      public Clock clock() {
        return host.clock();
      }

      @Override
      public ScheduledExecutorService scheduler() {
        return host.scheduler();
      }

      @Override
      public SecretResolver secrets() {
        return scoped;
      }

      @Override
      public System.Logger logger() {
        return host.logger();
      }

      @Override
      public void credentialRefreshed(Credential credential) {
        host.credentialRefreshed(credential);
      }
    };
  }

  public static HostAuthContext withDaemonScheduler(
      Clock clock, SecretResolver secrets, System.Logger logger) {
    return new HostAuthContext(clock, daemonScheduler(), secrets, logger);
  }

  private static ScheduledExecutorService daemonScheduler() {
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, "auth-scheduler-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return Executors.newScheduledThreadPool(2, factory);
  }

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
    return secrets;
  }

  @Override
  public System.Logger logger() {
    return logger;
  }

  @Override
  public void credentialRefreshed(Credential credential) {
    refreshes.incrementAndGet();
  }

  /** How many credentials strategies reported obtaining, the first one included. */
  public long refreshCount() {
    return refreshes.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
