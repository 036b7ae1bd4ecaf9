package io.customauth.runner.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the real command tree in-process with captured standard output and error. */
final class Cli {
  record Result(int exitCode, String out, String err) {}

  private Cli() {}

  /** Runs {@code args} as {@code main} does: with only the subcommand they name built. */
  static Result run(RunnerEnvironment environment, String... args) {
    return run(ImportRunnerCommand.commandLine(environment, args), args);
  }

  /** Runs {@code commandLine}, e.g. the real tree with a test's own subcommand added. */
  static Result run(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
