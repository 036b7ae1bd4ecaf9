package io.customauth.runner.cli;

import io.customauth.spi.AuthException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What the user sees when a command fails in a way it did not handle: exit code 1 and the
 * exception's class only, since a library's message may quote a secret. An {@link AuthException} is
 * safe to show, so it is reported in full.
 */
final class UnexpectedFailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception failure, CommandLine command, ParseResult parseResult) {
    ParseResult own = command.getParseResult();
    boolean json = own != null && own.hasMatchedOption("--json");
    CommandOutput output = new CommandOutput(command.getOut(), command.getErr(), json);
    if (failure instanceof AuthException authFailure) {
      return output.failure(authFailure, ExitCodes.UNEXPECTED);
    }
    String message = "unexpected failure (" + failure.getClass().getName() + ")";
    if (json) {
      var result = CommandOutput.newObject().put("ok", false);
      result
          .putObject("error")
          .put("code", "UNEXPECTED")
          .put("message", message)
          .put("hint", "this is a bug in import-runner or a plugin; please report it");
      output.printJson(result);
    } else {
      command.getErr().println("error: " + message);
      command.getErr().flush();
    }
    return ExitCodes.UNEXPECTED;
  }
}
