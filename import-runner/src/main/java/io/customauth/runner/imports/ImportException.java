package io.customauth.runner.imports;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;

/**
 * The one error type of the import engine. Its {@link #code()} is either an {@link ImportErrorCode}
 * name or, when the token or the upload endpoint failed, an SPI {@link ErrorCode} name; {@link
 * #hint()} is what the user should do. The message names files, lines and batches, never a token or
 * a record's content.
 */
public final class ImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String hint;

  private ImportException(String code, String hint, String message, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.code = requireNonNull(code, "code");
    this.hint = requireNonNull(hint, "hint");
  }

  public ImportException(ImportErrorCode code, String message) {
    this(code.name(), code.hint(), message, null);
  }

  public ImportException(ImportErrorCode code, String message, Throwable cause) {
    this(code.name(), code.hint(), message, cause);
  }

  public ImportException(ErrorCode code, String message) {
    this(code.name(), code.hint(), message, null);
  }

  public ImportException(ErrorCode code, String message, Throwable cause) {
    this(code.name(), code.hint(), message, cause);
  }

  /** An {@link ErrorCode} failure whose fix is not the code's usual {@link ErrorCode#hint()}. */
  public ImportException(ErrorCode code, String message, String hint) {
    this(code.name(), hint, message, null);
  }

  /** Wraps a failure of the auth strategy, keeping its code; {@code context} says what was done. */
  public static ImportException fromAuth(String context, AuthException cause) {
    return new ImportException(
        cause.code().name(), cause.hint(), context + ": " + cause.getMessage(), cause);
  }

  /** The stable code: an {@link ImportErrorCode} or {@link ErrorCode} name. */
  public String code() {
    return code;
  }

  public String hint() {
    return hint;
  }
}
