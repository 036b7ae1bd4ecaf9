package io.customauth.runner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code import-runner} command. A new subcommand is one entry in {@code subcommands}: a
 * picocli command class with a constructor taking {@link RunnerEnvironment} (see {@link
 * RunnerCommandFactory}), using {@link PluginsDirOption}, {@link CommandOutput} and {@link
 * ExitCodes} like the others.
 */
@Command(
    name = "import-runner",
    mixinStandardHelpOptions = true,
    versionProvider = RunnerVersion.class,
    description = "Tests auth plugins and connectors, and imports records with them.",
    subcommands = {
      PluginsCommand.class,
      ValidateCommand.class,
      AuthTestCommand.class,
      ImportCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class ImportRunnerCommand implements Runnable {
  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    // JUL is the JDK's, so shared with every plugin: libraries that log through it (Hibernate
    // Validator's banner) would otherwise write INFO lines to stderr on each run.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    System.exit(commandLine(RunnerEnvironment.system()).execute(args));
  }

  /** The whole command tree, ready to {@code execute}; set its out and err before, to capture. */
  public static CommandLine commandLine(RunnerEnvironment environment) {
    CommandLine commandLine =
        new CommandLine(new ImportRunnerCommand(), new RunnerCommandFactory(environment));
    commandLine.setExecutionExceptionHandler(new UnexpectedFailureHandler());
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    return commandLine;
  }

  /** Without a subcommand there is nothing to do: a usage error (exit 2, usage on stderr). */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }
}
