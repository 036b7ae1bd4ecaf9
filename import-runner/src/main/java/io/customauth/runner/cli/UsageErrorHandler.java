package io.customauth.runner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * A usage error: its one-line cause and where to read more ({@code Try 'import-runner import
 * --help'}), exit 2; not the whole help, which buried the cause. With {@code --json} standard
 * output still holds exactly one object, {@code {"ok":false,"error":{"code":"USAGE",…}}}.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException failure, String[] args) {
    CommandLine command = failure.getCommandLine();
    String hint = "Try '" + command.getCommandSpec().qualifiedName() + " --help'";
    String message = String.valueOf(failure.getMessage());
    if (Arrays.asList(args).contains("--json")) {
      ObjectNode result = CommandOutput.newObject().put("ok", false);
      result.putObject("error").put("code", "USAGE").put("message", message).put("hint", hint);
      new CommandOutput(command.getOut(), command.getErr(), true).printJson(result);
    } else {
      PrintWriter err = command.getErr();
      err.println("error: " + message);
      err.println(hint);
      err.flush();
    }
    return ExitCodes.INVALID;
  }
}
