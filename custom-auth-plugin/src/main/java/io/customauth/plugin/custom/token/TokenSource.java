package io.customauth.plugin.custom.token;

import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;

/** Fetches a new credential: one token exchange with the provider, retries included. */
@FunctionalInterface
public interface TokenSource {
  /**
   * Blocks until the provider answered.
   *
   * @throws AuthException when no credential could be obtained
   */
  Credential fetch();
}
