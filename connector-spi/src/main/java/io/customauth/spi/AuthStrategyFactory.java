package io.customauth.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes {@link AuthStrategy strategies} of one type. Found with {@link java.util.ServiceLoader}:
 * list the implementation in {@code META-INF/services/io.customauth.spi.AuthStrategyFactory}. It
 * must have a public no-argument constructor and be cheap to construct.
 *
 * <p>A config is a connector's {@code auth} block as a JSON-like tree: {@code Map<String, Object>}
 * whose values are {@code String}, {@code Number}, {@code Boolean}, {@code List} and {@code Map}
 * (never {@code null}, except at any depth inside a top-level {@code jsonBody}, a JSON body to send
 * as written, whose decimals are then {@code BigDecimal}s). The {@code type} key is included.
 * Thread-safe.
 */
public interface AuthStrategyFactory {
  /** The stable name users write as {@code "type"} in a connector's auth block. */
  String type();

  /** The plugin's version, shown by {@code import-runner plugins}. */
  default String version() {
    String version = getClass().getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }

  /**
   * What this type's auth block holds, or empty when the plugin does not say (the default, as for
   * every plugin written for SPI 1.0). When present, the host prints it as JSON Schema ({@code
   * import-runner plugins --schema TYPE}) and checks unknown and required fields, allowed values
   * and JSON types before calling {@link #validate}: see {@link ConfigDescription}. Called once,
   * when the plugin is loaded; must return the same description every time, do no I/O, and not
   * throw.
   *
   * @since SPI 1.1
   */
  default Optional<ConfigDescription> describeConfig() {
    return Optional.empty();
  }

  /**
   * Checks {@code config} and returns every problem at once, in a stable order; empty when it is
   * valid. Does no I/O and resolves no references.
   */
  List<ConfigViolation> validate(Map<String, Object> config);

  /**
   * Creates a strategy. Does not fetch a token yet: the first {@link AuthStrategy#credential()}
   * does.
   *
   * @throws AuthException with {@link ErrorCode#CONFIG_INVALID} and every violation when {@link
   *     #validate} would report any
   */
  AuthStrategy create(Map<String, Object> config, AuthContext context);
}
