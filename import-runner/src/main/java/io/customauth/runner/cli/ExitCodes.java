package io.customauth.runner.cli;

import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;

/** The process exit codes of {@code import-runner}, part of its public contract. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int UNEXPECTED = 1;

  /** A usage error or an invalid connector file. Also what picocli returns for bad arguments. */
  public static final int INVALID = 2;

  public static final int AUTH_FAILED = 3;
  public static final int IMPORT_INCOMPLETE = 4;

  private ExitCodes() {}

  /** An auth failure before any work: 2 for an invalid connector, 3 for a failed exchange. */
  public static int of(AuthException failure) {
    return failure.code() == ErrorCode.CONFIG_INVALID ? INVALID : AUTH_FAILED;
  }
}
