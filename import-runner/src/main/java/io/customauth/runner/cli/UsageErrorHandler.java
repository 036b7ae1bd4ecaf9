package io.customauth.runner.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error (unknown option, missing argument, a command's own argument checks): its one-line
 * cause and {@code Try 'import-runner CMD --help'}, exit 2. The whole usage would bury the cause.
 * With {@code --json}, the same as the one object on standard output: {@code
 * {"ok":false,"error":{"code":"USAGE","message":…,"hint":"Try …"}}}.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
  static final String CODE = "USAGE";

  @Override
  public int handleParseException(ParameterException failure, String[] args) {
    CommandLine command = failure.getCommandLine();
    String hint = "Try '" + command.getCommandSpec().qualifiedName() + " --help'";
    String message = String.valueOf(failure.getMessage()).strip();
    if (jsonRequested(args)) {
      new CommandOutput(command.getOut(), command.getErr(), true)
          .failure(CODE, message, hint, ExitCodes.INVALID);
    } else {
      PrintWriter err = command.getErr();
      err.println("error: " + message);
      UnmatchedArgumentException.printSuggestions(failure, err);
      err.println(hint);
      err.flush();
    }
    return ExitCodes.INVALID;
  }

  /** From the raw arguments, since a command line that failed to parse has no parse result. */
  private static boolean jsonRequested(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("--json")) {
        return true;
      }
    }
    return false;
  }
}
