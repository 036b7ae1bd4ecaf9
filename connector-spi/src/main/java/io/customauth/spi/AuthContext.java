package io.customauth.spi;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the host lends a strategy. Implemented by the host; new services arrive as {@code default}
 * methods, so a plugin compiled against an older SPI keeps working.
 */
public interface AuthContext {
  /** The time source for every decision about expiry. Tests pass a clock they move. */
  Clock clock();

  /**
   * Timers for background work (refresh ahead of expiry, retry after backoff). Owned by the host
   * and shared by every strategy, with few threads: a strategy must not shut it down, and its tasks
   * must not block (no network calls, no sleeps, no waiting on locks held during I/O). A task that
   * is due hands blocking work, such as a token request, to an executor the strategy owns, so one
   * slow provider cannot delay the timers of every other connector.
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

  /**
   * The file a configured path names, resolved as {@code ${file:…}} references are: a relative path
   * starts from the directory of the connector file, so the connector works (and an import resumes)
   * whatever the working directory. Resolve references first ({@link #secrets()}), then pass the
   * result here. Reads nothing and does not check that the file exists. The default, for hosts of
   * SPI 1.0, resolves against the working directory. Thread-safe; never returns null.
   *
   * @param field the config path the value came from, relative to the auth block, for errors
   * @param path the configured path, absolute or relative
   * @throws AuthException {@link ErrorCode#CONFIG_INVALID} naming {@code field} (never the path's
   *     text) when {@code path} is not a valid path on this system
   * @since SPI 1.1
   */
  default Path resolvePath(String field, String path) {
    try {
      return Path.of(path).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw AuthException.invalidConfig(
          List.of(new ConfigViolation(field, "is not a valid file path")));
    }
  }

  /**
   * The store this runner shares tokens through with runners on other machines (the README,
   * "Sharing tokens across runners"), scoped to this connector; empty, the default, when there is
   * none and each process keeps its tokens to itself. A strategy that uses it keeps the token it
   * holds in memory and turns to the store only to obtain a new one; see {@link TokenStore} for its
   * blocking and its failures.
   */
  default Optional<TokenStore> tokenStore() {
    return Optional.empty();
  }
}
