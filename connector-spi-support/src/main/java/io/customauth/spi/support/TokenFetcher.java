package io.customauth.spi.support;

import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;

/** Obtains a new credential from a provider: the one thing a token plugin writes itself. */
@FunctionalInterface
public interface TokenFetcher {
  /**
   * Fetches a new credential. May block on I/O; {@link TokenCache} calls it on one thread at a
   * time, on a caller's thread or on the cache's own, never on the host's scheduler.
   *
   * @return a credential whose {@code expiresAt} (if any) is after now; never null
   * @throws AuthException when none could be obtained; its message must hold no secret
   */
  Credential fetch();
}
