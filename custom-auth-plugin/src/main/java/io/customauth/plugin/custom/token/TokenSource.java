package io.customauth.plugin.custom.token;

import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;

/**
 * Fetches a new credential: one token exchange with the provider, retries included.
 *
 * <p>{@link TokenCache} calls it from one thread at a time (a caller's, or the scheduler's for a
 * background refresh). The source validates what it returns: a credential that has already expired
 * is an {@link io.customauth.spi.ErrorCode#EXPIRY_INVALID} error; the cache refuses one rather than
 * serve it.
 */
@FunctionalInterface
public interface TokenSource {
  /**
   * Blocks until the provider answered.
   *
   * @throws AuthException when no credential could be obtained
   */
  Credential fetch();
}
