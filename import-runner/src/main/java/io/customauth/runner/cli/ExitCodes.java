package io.customauth.runner.cli;

import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.ImportResult;
import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;
import java.util.Arrays;

/** The process exit codes of {@code import-runner}, part of its public contract. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int UNEXPECTED = 1;

  /** A usage error or an invalid connector file. Also what picocli returns for bad arguments. */
  public static final int INVALID = 2;

  public static final int AUTH_FAILED = 3;
  public static final int IMPORT_INCOMPLETE = 4;

  /** Ctrl-C or SIGTERM: 128 + SIGINT, as shells report an interrupted command. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /** An auth failure before any work: 2 for an invalid connector, 3 for a failed exchange. */
  public static int of(AuthException failure) {
    return failure.code() == ErrorCode.CONFIG_INVALID ? INVALID : AUTH_FAILED;
  }

  /**
   * The exit code of an import (PRODUCT section 5): 0 when every record was acknowledged; 130 when
   * it was interrupted; 2 when nothing was sent because the connector or the import's state was
   * invalid (or another process holds the import); 3 when the token exchange failed before the
   * first upload; 4 in every other case of an import that did not complete.
   */
  public static int of(ImportResult result) {
    if (result.ok()) {
      return OK;
    }
    if (result.interrupted()) {
      return INTERRUPTED;
    }
    ImportException error = result.error().orElse(null);
    if (error == null) {
      return IMPORT_INCOMPLETE;
    }
    String code = error.code();
    if (code.equals(ImportErrorCode.STATE_INVALID.name())
        || code.equals(ImportErrorCode.IMPORT_LOCKED.name())) {
      return INVALID;
    }
    if (result.requests() == 0) {
      if (code.equals(ErrorCode.CONFIG_INVALID.name())) {
        return INVALID;
      }
      if (isTokenExchangeCode(code)) {
        return AUTH_FAILED;
      }
    }
    return IMPORT_INCOMPLETE;
  }

  private static boolean isTokenExchangeCode(String code) {
    return Arrays.stream(ErrorCode.values())
        .anyMatch(c -> c != ErrorCode.CONFIG_INVALID && c.name().equals(code));
  }
}
