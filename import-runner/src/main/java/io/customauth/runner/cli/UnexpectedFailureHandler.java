package io.customauth.runner.cli;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.plugin.PluginFailure;
import io.customauth.spi.AuthException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What the user sees when a command fails in a way it did not handle. Wrappers such as {@link
 * java.util.concurrent.CompletionException} are looked through. An {@link AuthException} or a
 * {@link PluginFailure} is safe to show and reported in full (a plugin's failure with code {@value
 * PluginFailure#CODE}, exit 1: the user's files are not at fault, the code is); anything else as
 * {@code UNEXPECTED}, exit 1, with the class names of its causes only, since a library's message
 * may quote a secret. With {@code --debug} or {@code IMPORT_RUNNER_DEBUG=1}, the causes' stack
 * frames follow on standard error. With {@code --json}, standard output holds the one error object.
 */
final class UnexpectedFailureHandler implements IExecutionExceptionHandler {
  static final String DEBUG_OPTION = "--debug";

  private final RunnerEnvironment environment;

  UnexpectedFailureHandler(RunnerEnvironment environment) {
    this.environment = requireNonNull(environment, "environment");
  }

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine command, ParseResult parseResult) {
    ParseResult own = command.getParseResult();
    boolean json = own != null && own.hasMatchedOption("--json");
    boolean debug = environment.debugRequested() || matched(parseResult, DEBUG_OPTION);
    CommandOutput output = new CommandOutput(command.getOut(), command.getErr(), json);
    Throwable failure = FailureChain.unwrap(exception);
    int exitCode;
    if (failure instanceof AuthException authFailure) {
      exitCode = output.failure(authFailure, ExitCodes.of(authFailure));
    } else if (failure instanceof PluginFailure pluginFailure) {
      exitCode =
          output.failure(
              pluginFailure.code(),
              pluginFailure.getMessage(),
              pluginFailure.hint(),
              ExitCodes.UNEXPECTED);
    } else {
      exitCode =
          output.failure(
              "UNEXPECTED",
              "unexpected failure: " + FailureChain.classNames(failure),
              "this is a bug in import-runner or a plugin; please report it"
                  + (debug ? ", with the stack frames above" : ", with the output of --debug"),
              ExitCodes.UNEXPECTED);
    }
    if (debug) {
      FailureChain.printFrames(failure, output.err());
    }
    return exitCode;
  }

  /** Whether {@code option} was given to the command or any of its parents. */
  static boolean matched(ParseResult parseResult, String option) {
    for (ParseResult current = parseResult; current != null; current = current.subcommand()) {
      if (current.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }
}
