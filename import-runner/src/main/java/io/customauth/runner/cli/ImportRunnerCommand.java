package io.customauth.runner.cli;

import io.customauth.runner.connector.ConnectorLoader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code import-runner} command. A new subcommand is one entry in {@link #SUBCOMMANDS}: a
 * picocli command class with a constructor taking {@link RunnerEnvironment} (see {@link
 * RunnerCommandFactory}), using {@link PluginsDirOption}, {@link CommandOutput} and {@link
 * ExitCodes} like the others.
 *
 * <p>Building a picocli command reflects over all its options, mixins and converters, so {@link
 * #commandLine(RunnerEnvironment, String...)} builds only the subcommand the arguments name; help,
 * version and anything it does not recognise get the whole tree.
 */
@Command(
    name = "import-runner",
    mixinStandardHelpOptions = true,
    versionProvider = RunnerVersion.class,
    description = "Tests auth plugins and connectors, and imports records with them.")
public final class ImportRunnerCommand implements Runnable {
  /** The subcommands, in the order help lists them. */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
          PluginsCommand.class,
          ValidateCommand.class,
          AuthTestCommand.class,
          ImportCommand.class,
          DemoCommand.class,
          CommandLine.HelpCommand.class);

  /**
   * Our subcommands by name, as their {@code @Command} annotations say (a test compares them):
   * looking a name up here reads no class's annotations, which the JVM parses on first use.
   */
  static final Map<String, Class<?>> BY_NAME =
      Map.of(
          "plugins", PluginsCommand.class,
          "validate", ValidateCommand.class,
          "auth-test", AuthTestCommand.class,
          "import", ImportCommand.class,
          "demo", DemoCommand.class);

  @Spec private CommandSpec spec;

  // Read by UnexpectedFailureHandler from the parse result; inherited by every subcommand.
  @Option(
      names = UnexpectedFailureHandler.DEBUG_OPTION,
      scope = ScopeType.INHERIT,
      description =
          "On failure, also print the causes' stack frames (class, method, line). Also set by"
              + " IMPORT_RUNNER_DEBUG=1.")
  private boolean debug;

  private final boolean debugFromEnvironment;

  private ImportRunnerCommand(boolean debugFromEnvironment) {
    this.debugFromEnvironment = debugFromEnvironment;
  }

  /** Whether {@code IMPORT_RUNNER_DEBUG=1} asked for stack frames, as {@code --debug} does. */
  boolean debugFromEnvironment() {
    return debugFromEnvironment;
  }

  private static final String LOGGING_CONFIG = "java.util.logging.config.file";

  public static void main(String[] args) {
    // JUL is the JDK's, so shared with every plugin: libraries that log through it (version
    // banners) would otherwise write INFO lines to stderr on each run. The launcher names
    // conf/logging.properties (WARNING and up), which the JDK reads only if something logs through
    // JUL; setting the level here would start JUL's LogManager on every run (~80 ms of a short
    // command). Run without the launcher, the level is set here.
    // A config file that cannot be read would leave JUL with no handler at all, so that warnings
    // vanish too: then the JDK's defaults, with the level set here.
    String loggingConfig = System.getProperty(LOGGING_CONFIG);
    if (loggingConfig == null || !readable(loggingConfig)) {
      System.clearProperty(LOGGING_CONFIG);
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }
    if (readsAConnector(args)) {
      ConnectorLoader.prepareInBackground(); // while picocli builds the command line below
    }
    System.exit(commandLine(RunnerEnvironment.system(), args).execute(args));
  }

  /** The subcommands that read a connector file first thing. */
  private static final Set<String> READ_A_CONNECTOR = Set.of("validate", "auth-test", "import");

  /** Whether {@code args} name a subcommand that reads a connector file (after {@code --debug}). */
  static boolean readsAConnector(String... args) {
    String name = subcommandName(args);
    return name != null && READ_A_CONNECTOR.contains(name);
  }

  /**
   * The first argument after {@code --debug} (the root's only option that is not help), or null.
   */
  private static String subcommandName(String... args) {
    int first = args.length > 0 && UnexpectedFailureHandler.DEBUG_OPTION.equals(args[0]) ? 1 : 0;
    return first < args.length ? args[first] : null;
  }

  private static boolean readable(String file) {
    try {
      return Files.isReadable(Path.of(file));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private static final String DISABLE_CLOSURES = "picocli.disable.closures";

  /** The whole command tree, ready to {@code execute}; set its out and err before, to capture. */
  public static CommandLine commandLine(RunnerEnvironment environment) {
    CommandLine commandLine = root(environment);
    for (Class<?> subcommand : SUBCOMMANDS) {
      commandLine.addSubcommand(subcommand);
    }
    return withHandlers(commandLine, environment);
  }

  /**
   * The command tree to execute {@code args} with: the root and only the subcommand they name, when
   * they name one of ours first (after {@code --debug}, the root's only option that is not help);
   * otherwise the whole tree, so that help, version, usage errors and suggestions list every
   * subcommand.
   */
  public static CommandLine commandLine(RunnerEnvironment environment, String... args) {
    String name = subcommandName(args);
    Class<?> subcommand = name != null ? BY_NAME.get(name) : null;
    if (subcommand != null) {
      CommandLine commandLine = root(environment);
      commandLine.addSubcommand(subcommand);
      return withHandlers(commandLine, environment);
    }
    return commandLine(environment);
  }

  /** Subcommands' names as their annotations say; for the test of {@link #BY_NAME}. */
  static Map<String, Class<?>> namesFromAnnotations() {
    Map<String, Class<?>> names = new LinkedHashMap<>();
    for (Class<?> subcommand : SUBCOMMANDS) {
      if (subcommand != CommandLine.HelpCommand.class) {
        names.put(subcommand.getAnnotation(Command.class).name(), subcommand);
      }
    }
    return names;
  }

  private static CommandLine root(RunnerEnvironment environment) {
    // picocli's default factory (our factory's fallback) first looks for Groovy's Closure class,
    // which on a miss opens every jar on the class path: ~20 ms of each command's start. Our
    // commands use no Groovy closures; this is picocli's documented switch for that lookup.
    if (System.getProperty(DISABLE_CLOSURES) == null) {
      System.setProperty(DISABLE_CLOSURES, "true");
    }
    CommandLine commandLine =
        new CommandLine(
            new ImportRunnerCommand(environment.debugRequested()),
            new RunnerCommandFactory(environment));
    return commandLine;
  }

  /** Set once the subcommands are in: picocli hands these settings only to those present. */
  private static CommandLine withHandlers(CommandLine commandLine, RunnerEnvironment environment) {
    commandLine.setExecutionExceptionHandler(new UnexpectedFailureHandler(environment));
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    commandLine.setExecutionStrategy(ImportRunnerCommand::executeReportingErrors);
    return commandLine;
  }

  /**
   * Runs the command; an {@link Error} (out of memory, a plugin's {@code LinkageError}) goes to the
   * {@link UnexpectedFailureHandler} like an exception, so it is reported as such (one JSON object
   * with {@code --json}) instead of a stack trace.
   */
  private static int executeReportingErrors(ParseResult parseResult) {
    try {
      return new CommandLine.RunLast().execute(parseResult);
    } catch (Error error) {
      List<CommandLine> commands = parseResult.asCommandLineList();
      throw new CommandLine.ExecutionException(
          commands.get(commands.size() - 1), error.getClass().getName(), error);
    }
  }

  /** Without a subcommand there is nothing to do: a usage error (exit 2). */
  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: give one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
