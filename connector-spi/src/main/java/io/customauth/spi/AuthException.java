package io.customauth.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one error type that crosses the plugin boundary. It carries a stable {@link ErrorCode}.
 *
 * <p>The message names fields and keys, never values: it must never contain a token, a configured
 * query or body value, or a response body, so it is safe to print and log.
 */
public class AuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final List<ConfigViolation> violations;
  private final Integer httpStatus;

  public AuthException(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  public AuthException(ErrorCode code, String message, Throwable cause) {
    this(code, message, null, cause);
  }

  /**
   * @param httpStatus the last HTTP status the provider answered, or {@code null} when none came
   * @param cause the underlying failure; must not itself carry secrets in its message
   */
  public AuthException(ErrorCode code, String message, Integer httpStatus, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.code = requireNonNull(code, "code");
    this.violations = List.of();
    this.httpStatus = httpStatus;
  }

  private AuthException(List<ConfigViolation> violations) {
    super(describe(violations));
    this.code = ErrorCode.CONFIG_INVALID;
    this.violations = List.copyOf(violations);
    this.httpStatus = null;
  }

  /** A {@link ErrorCode#CONFIG_INVALID} error listing every violation at once. */
  public static AuthException invalidConfig(List<ConfigViolation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a config error needs at least one violation");
    }
    return new AuthException(violations);
  }

  public ErrorCode code() {
    return code;
  }

  /** The fix to suggest to the user; the same as {@code code().hint()}. */
  public String hint() {
    return code.hint();
  }

  /** Every violation, for {@link ErrorCode#CONFIG_INVALID}; empty otherwise. */
  public List<ConfigViolation> violations() {
    return violations;
  }

  /** The last HTTP status the provider answered, when there was one. */
  public OptionalInt httpStatus() {
    return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /** The cause, when there is one. */
  public Optional<Throwable> underlying() {
    return Optional.ofNullable(getCause());
  }

  private static String describe(List<ConfigViolation> violations) {
    StringBuilder message = new StringBuilder("the connector configuration is invalid (");
    message.append(violations.size()).append(violations.size() == 1 ? " problem)" : " problems)");
    for (ConfigViolation violation : violations) {
      message.append(System.lineSeparator()).append("  ").append(violation);
    }
    return message.toString();
  }
}
