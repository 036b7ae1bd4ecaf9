package io.customauth.spi;

/**
 * Resolves references in configured values: {@code ${env:NAME}} and {@code ${file:PATH}}, supplied
 * by the host so that every plugin resolves them the same way. Thread-safe.
 */
@FunctionalInterface
public interface SecretResolver {
  /** Resolves nothing: values are used as written. */
  SecretResolver NONE = (field, value) -> value;

  /**
   * Returns {@code value} with every reference replaced by what it points at. Called each time a
   * request is built, so a rotated secret is picked up without a restart. The result is a secret:
   * never log it.
   *
   * @param field the config path the value came from, for error messages
   * @throws AuthException with {@link ErrorCode#CONFIG_INVALID} naming {@code field} and the
   *     reference (never its value) when a reference cannot be resolved
   */
  String resolve(String field, String value);
}
