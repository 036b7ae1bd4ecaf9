package io.customauth.spi;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the host lends a strategy. Implemented by the host; new services arrive as {@code default}
 * methods, so a plugin compiled against an older SPI keeps working.
 */
public interface AuthContext {
  /** The time source for every decision about expiry. Tests pass a clock they move. */
  Clock clock();

  /**
   * Where background work (refresh ahead of expiry, retry after backoff) runs. Owned by the host: a
   * strategy must not shut it down.
   */
  ScheduledExecutorService scheduler();

  /** Resolves {@code ${env:…}} and {@code ${file:…}} references in configured values. */
  default SecretResolver secrets() {
    return SecretResolver.NONE;
  }

  /** Where the strategy logs. Messages must never contain a token or configured value. */
  default System.Logger logger() {
    return System.getLogger("io.customauth.plugin");
  }

  /** Told each time a new credential was obtained, for progress and statistics. Must not block. */
  default void credentialRefreshed(Credential credential) {}
}
