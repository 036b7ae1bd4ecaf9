package io.customauth.plugin.custom.token;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.Credential;
import java.util.function.Consumer;

/**
 * TEMPORARY stand-in, replaced at merge by the real cache (lock-free reads, refresh ahead of
 * expiry, single flight). Same API; this one simply fetches under a lock when no unexpired token is
 * held.
 */
public final class TokenCache implements AutoCloseable {
  private final TokenSource source;
  private final Scheduler scheduler;
  private final Consumer<Credential> onRefreshed;
  private Credential current;

  public TokenCache(
      TokenSource source,
      Scheduler scheduler,
      System.Logger logger,
      Consumer<Credential> onRefreshed) {
    this.source = requireNonNull(source, "source");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    requireNonNull(logger, "logger");
    this.onRefreshed = requireNonNull(onRefreshed, "onRefreshed");
  }

  public synchronized Credential get() {
    if (current == null || !scheduler.clock().instant().isBefore(current.expiresAt())) {
      current = source.fetch();
      onRefreshed.accept(current);
    }
    return current;
  }

  public synchronized void rejected(Credential credential) {
    if (current == credential) {
      current = null;
    }
  }

  @Override
  public synchronized void close() {
    current = null;
  }
}
