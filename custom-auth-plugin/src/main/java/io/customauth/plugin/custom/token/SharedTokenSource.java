package io.customauth.plugin.custom.token;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.Credential;
import io.customauth.spi.TokenStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link TokenSource} that shares one token with every runner using the same connector and {@link
 * TokenStore} (PRODUCT.md section 8): it takes a stored token that is still fresh, and otherwise
 * lets one runner of the fleet call the provider at a time.
 *
 * <p>One fetch: read the store, and use its token if it is before its {@code refreshAt} (a runner
 * started while a valid token is stored makes no token request); else take the store's lock for
 * {@code lease}, read again (another holder may just have published), call the provider, publish
 * its token and release the lock, which wakes the waiting runners. A runner that finds the lock
 * taken waits to be woken (or for the lease to end), at most {@code longestWait} in all, reads the
 * published token, and only when none came takes the lock itself, or after {@code longestWait}
 * calls the provider alone. Since every runner's refresh falls at the shared token's {@code
 * refreshAt}, a refresh ahead of expiry costs the fleet one token request.
 *
 * <p>When the store fails ({@link TokenStore.UnavailableException}), the fetch goes on alone with
 * the provider, as without a store; the host reports the outage and reconnects, and the next fetch
 * asks the store again. A token the provider gave is returned even if it could not be published.
 *
 * <p>Runs on the {@link TokenCache}'s fetch threads only: the cache serves the token it holds
 * without ever calling this, so the store is never on a request's hot path.
 */
public final class SharedTokenSource implements TokenSource {
  /** The strategy's one key in its connector's store. */
  static final String KEY = "token";

  private final TokenSource provider;
  private final TokenStore store;
  private final Clock clock;
  private final Duration lease;
  private final Duration longestWait;
  private final Executor background;
  private final System.Logger logger;

  /** The stored value of the token last rejected: never taken from the store again. */
  private volatile String rejectedValue;

  /**
   * @param provider the token exchange with the provider, retries included
   * @param lease how long the lock is held at most: one provider call with all its retries
   * @param longestWait how long a runner waits for another's token before calling the provider
   * @param background runs the deletion of a rejected token off the caller's thread
   */
  public SharedTokenSource(
      TokenSource provider,
      TokenStore store,
      Clock clock,
      Duration lease,
      Duration longestWait,
      Executor background,
      System.Logger logger) {
    this.provider = requireNonNull(provider, "provider");
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.lease = requireNonNull(lease, "lease");
    this.longestWait = requireNonNull(longestWait, "longestWait");
    this.background = requireNonNull(background, "background");
    this.logger = requireNonNull(logger, "logger");
  }

  @Override
  public Credential fetch() {
    Instant deadline = clock.instant().plus(longestWait);
    try {
      while (true) {
        Optional<Credential> stored = fresh();
        if (stored.isPresent()) {
          return stored.get();
        }
        Optional<TokenStore.Lock> lock = store.tryLock(KEY, lease);
        if (lock.isPresent()) {
          return fetchHolding(lock.get());
        }
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
          logger.log(
              Level.WARNING,
              "no token from the other runners within {0} ms; requesting one alone",
              String.valueOf(longestWait.toMillis()));
          return provider.fetch();
        }
        store.awaitRelease(KEY, left);
      }
    } catch (TokenStore.UnavailableException e) {
      return provider.fetch(); // the host has warned: going on alone until the store answers
    }
  }

  private Credential fetchHolding(TokenStore.Lock lock) {
    try {
      Optional<Credential> stored = fresh(); // published between our read and our lock?
      if (stored.isPresent()) {
        return stored.get();
      }
      Credential fresh = provider.fetch();
      try {
        store.publish(KEY, entry(fresh));
      } catch (TokenStore.UnavailableException e) {
        // Ours all the same; the others fetch their own while the store is away.
      }
      return fresh;
    } finally {
      try {
        store.release(lock);
      } catch (TokenStore.UnavailableException e) {
        // The lock ends with its lease.
      }
    }
  }

  /**
   * Drops {@code credential} from the store if it is still the stored token, in the background: one
   * runner's 401 makes every runner's next fetch get a new one.
   */
  public void rejected(Credential credential) {
    String value = encode(credential);
    rejectedValue = value;
    try {
      background.execute(
          () -> {
            try {
              store.deleteIfValue(KEY, value);
            } catch (TokenStore.UnavailableException e) {
              // The next fetch skips it all the same.
            }
          });
    } catch (RejectedExecutionException closed) {
      // The strategy is closing.
    }
  }

  /** The stored token if it may still be used without a refresh, and was not rejected here. */
  private Optional<Credential> fresh() {
    Optional<TokenStore.Entry> entry = store.get(KEY);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    String value = entry.get().value();
    if (value.equals(rejectedValue)) {
      store.deleteIfValue(KEY, value);
      return Optional.empty();
    }
    Optional<Credential> credential = decode(value, entry.get().expiresAt());
    Instant now = clock.instant();
    return credential.filter(c -> c.refreshTime().map(now::isBefore).orElse(true));
  }

  static TokenStore.Entry entry(Credential credential) {
    return new TokenStore.Entry(encode(credential), credential.expiry());
  }

  /** {@code <refreshAt epoch ms> <token>}, or {@code - <token>} for one that does not expire. */
  static String encode(Credential credential) {
    return credential.refreshTime().map(at -> String.valueOf(at.toEpochMilli())).orElse("-")
        + " "
        + credential.token();
  }

  static Optional<Credential> decode(String value, Optional<Instant> expiresAt) {
    int space = value.indexOf(' ');
    if (space < 1 || space == value.length() - 1) {
      return Optional.empty();
    }
    String refresh = value.substring(0, space);
    String token = value.substring(space + 1);
    try {
      if (refresh.equals("-")) {
        return expiresAt.isEmpty() ? Optional.of(Credential.nonExpiring(token)) : Optional.empty();
      }
      if (expiresAt.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Credential(token, expiresAt.get(), Instant.ofEpochMilli(Long.parseLong(refresh))));
    } catch (IllegalArgumentException e) { // NumberFormatException, or refreshAt after expiry
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "SharedTokenSource[" + store + "]";
  }
}
