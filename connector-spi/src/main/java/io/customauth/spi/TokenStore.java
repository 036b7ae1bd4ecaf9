package io.customauth.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A store that runners on many machines share, so that they share one token per connector (the
 * README, "Sharing tokens across runners"): a strategy reads the token others obtained, and takes a
 * lock so that only one of them calls the token endpoint at a time. Lent by {@link
 * AuthContext#tokenStore()}.
 *
 * <p><b>Scope and secrecy.</b> The host scopes a store to one connector: the same {@code key} names
 * the same entry for every runner whose connector has the same auth type and auth block, and a
 * different one for any other connector. Keys and values are opaque to the store. The host encrypts
 * values and hashes key names before they leave the process, so a strategy hands it plain tokens
 * and never sees the store's address, password or encryption key.
 *
 * <p><b>Blocking.</b> Every method does network I/O and blocks for a bounded time: each call to the
 * store ends within the host's command timeout (a few seconds), and {@link #awaitRelease} within
 * the timeout it is given. Call it only where a token request could be made too, never from the
 * host's timers ({@link AuthContext#scheduler()}) nor on a request's hot path.
 *
 * <p><b>Failures.</b> A store that cannot be reached, answers too slowly or answers nonsense throws
 * {@link UnavailableException}, unchecked, from any method. A strategy then goes on alone, as if it
 * had no store (its own token, its own token requests), and asks again the next time it needs a
 * token: the host reconnects meanwhile, and reports the outage to the user itself. An entry that
 * cannot be read (written with another secret, or damaged) is absent.
 *
 * <p>Thread-safe. Locks are advisory and leased: a holder that dies releases its lock when the
 * lease ends, so a lease must be longer than the work done under it.
 */
public interface TokenStore {

  /**
   * A stored value and when it stops being of use.
   *
   * @param value opaque to the store, e.g. an encoded credential; never empty
   * @param expiresAt when the store may drop it; empty to keep it until it is deleted
   */
  record Entry(String value, Optional<Instant> expiresAt) {
    public Entry {
      requireNonNull(value, "value");
      requireNonNull(expiresAt, "expiresAt");
      if (value.isEmpty()) {
        throw new IllegalArgumentException("value must not be empty");
      }
    }

    /** Never shows the value, which usually holds a token. */
    @Override
    public String toString() {
      return "Entry[value=[REDACTED], expiresAt="
          + expiresAt.map(Instant::toString).orElse("never")
          + "]";
    }
  }

  /**
   * A lock held on a key, proof of ownership for {@link #release}.
   *
   * @param key the key it locks
   * @param owner a random value only this holder knows
   */
  record Lock(String key, String owner) {
    public Lock {
      requireNonNull(key, "key");
      requireNonNull(owner, "owner");
    }
  }

  /** The store could not be reached or did not answer in time; go on without it. */
  final class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, never a value, a key or the store's password
     */
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The entry stored under {@code key}; empty when there is none, it has expired or it cannot be
   * read.
   *
   * @throws UnavailableException when the store did not answer
   */
  Optional<Entry> get(String key);

  /**
   * Stores {@code entry} under {@code key}, replacing any other, and wakes everyone waiting in
   * {@link #awaitRelease} on that key. The store drops it at its {@code expiresAt}.
   *
   * @throws UnavailableException when the store did not answer; the entry may or may not be stored
   */
  void publish(String key, Entry entry);

  /**
   * Deletes the entry under {@code key} only if its value is still {@code value}: one holder's
   * rejected token is dropped for all, but a newer one that another holder published is kept.
   *
   * @return whether it was deleted
   * @throws UnavailableException when the store did not answer
   */
  boolean deleteIfValue(String key, String value);

  /**
   * Takes the lock on {@code key} unless someone holds it. The lock is {@link #release released},
   * or ends by itself after {@code lease}.
   *
   * @return the lock, empty when another holder has it
   * @throws UnavailableException when the store did not answer; the lock is not held then (or, at
   *     worst, held until its lease ends)
   */
  Optional<Lock> tryLock(String key, Duration lease);

  /**
   * Releases {@code lock} if it is still held by its owner (its lease has not ended and nobody took
   * it since), and wakes everyone waiting in {@link #awaitRelease}.
   *
   * @return whether it was still held
   * @throws UnavailableException when the store did not answer; the lock then ends with its lease
   */
  boolean release(Lock lock);

  /**
   * Waits until the lock on {@code key} is free: released, its lease ended, or never taken; or
   * until an entry is {@link #publish published} under {@code key}; at most {@code timeout}.
   * Returns at once when the lock is free already.
   *
   * @return true when woken by a release, a publication or a free lock, false after {@code timeout}
   * @throws UnavailableException when the store did not answer
   */
  boolean awaitRelease(String key, Duration timeout);
}
