package io.customauth.runner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.runner.connector.ConnectorDefinition;
import io.customauth.runner.connector.ConnectorLoader;
import io.customauth.runner.imports.ImportEngine;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.ImportOptions;
import io.customauth.runner.imports.ImportProgress;
import io.customauth.runner.imports.ImportRequest;
import io.customauth.runner.imports.ImportResult;
import io.customauth.runner.imports.StopSignal;
import io.customauth.runner.imports.input.ContentDigest;
import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.input.InputFingerprints;
import io.customauth.runner.imports.input.InputFormat;
import io.customauth.runner.imports.journal.ImportJournal;
import io.customauth.runner.plugin.HostAuthContext;
import io.customauth.runner.plugin.LoadedPlugin;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.tokenstore.StoreSettings;
import io.customauth.spi.AuthException;
import io.customauth.spi.Connector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code import}: uploads the records of files through a connector, with its token on every
 * request, or finishes an interrupted import with {@code --resume}.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Uploads the records of CSV, NDJSON/JSONL or JSON-array files to a connector's upload target,"
          + " with its token on every request.",
      "  import CONNECTOR --project ID FILE...",
      "  import --resume IMPORT_ID",
      "Exit codes: 0 every record acknowledged, 1 unexpected failure or a plugin's fault,"
          + " 2 usage error, invalid connector or an unknown or busy import id (nothing sent),"
          + " 3 the first token exchange failed, 4 the import did not complete, 130 interrupted"
          + " (Ctrl-C or SIGTERM)."
    })
final class ImportCommand implements Callable<Integer> {
  /** How long the interrupt hook waits for the summary: the grace period, a cancel, a margin. */
  private static final Duration INTERRUPT_PATIENCE =
      ImportOptions.DEFAULT_STOP_GRACE.multipliedBy(2).plusSeconds(5);

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private final RunnerEnvironment environment;

  @Spec private CommandSpec spec;
  @Mixin private PluginsDirOption plugins;
  @Mixin private TokenStoreOption tokenStore;
  @Mixin private ProgressOption progress;

  @Parameters(
      paramLabel = "CONNECTOR FILE",
      arity = "0..*",
      description = "The connector file, then the input files (.csv, .ndjson, .jsonl, .json).")
  private List<Path> arguments = List.of();

  @Option(names = "--project", paramLabel = "ID", description = "The project to import into.")
  private String projectId;

  @Option(
      names = "--resume",
      paramLabel = "IMPORT_ID",
      description =
          "Finish the interrupted import with this id: acknowledged batches are not sent again;"
              + " those in flight when it stopped are, with the same Idempotency-Key.")
  private String resumeId;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "Where import journals are kept (default: .import-state).")
  private Path stateDir;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  private boolean json;

  ImportCommand(RunnerEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    checkUsage();
    plugins.requireExisting(environment, spec);
    Optional<StoreSettings> store = tokenStore.settings(environment);
    CommandOutput output = CommandOutput.of(spec, json);
    // A new import's input files are hashed from now on, on their own thread, while the plugin
    // starts and the connector is checked: the first upload need not wait for the whole pass.
    try (InterruptHook interrupts = InterruptHook.install(INTERRUPT_PATIENCE);
        InputFingerprints inputs =
            resumeId == null
                ? InputFingerprints.inBackground(inputFiles())
                : InputFingerprints.onDemand()) {
      int exitCode = runImport(output, interrupts.stop(), store, inputs);
      interrupts.finished(exitCode);
      return exitCode;
    }
  }

  private int runImport(
      CommandOutput output,
      StopSignal stop,
      Optional<StoreSettings> store,
      InputFingerprints inputs) {
    try (PluginCatalog catalog = plugins.discover(environment);
        HostAuthContext context = environment.authContext(output.err(), store)) {
      output.warnAboutSkippedPlugins(catalog);
      Path journals =
          environment.resolve(stateDir == null ? ImportOptions.DEFAULT_STATE_DIR : stateDir);
      ImportEngine engine =
          new ImportEngine(
              ImportOptions.defaults()
                  .withStateDir(journals)
                  .withTokenRefreshes(context::refreshCount));
      ConnectorLoader loader =
          ConnectorLoader.perConnector(
              catalog,
              definition ->
                  context.forConnector(
                      definition.file().getParent(), definition.type(), definition.auth()));
      ImportProgress renderer = progress.renderer(output.err(), this::resumeCommand);
      Path connectorFile;
      if (resumeId != null) {
        ImportJournal.Contents journal;
        try {
          journal = engine.inspect(resumeId);
        } catch (ImportException e) {
          // An unknown, malformed or unreadable import id: the user named the wrong import.
          return unknownImport(output, e);
        }
        journal.warnings().forEach(warning -> output.err().println("warning: " + warning));
        if (journal.isComplete()) {
          return alreadyComplete(output, resumeId, journal);
        }
        // The files to check against the journal are hashed while the connector is loaded.
        List<InputFileFingerprint> recorded = journal.header().files();
        inputs.readAhead(
            recorded.stream().map(file -> Path.of(file.path())).toList(),
            recorded.isEmpty() ? ContentDigest.CURRENT : recorded.get(0).algorithm());
        ImportEngine.connectorChanged(journal.header())
            .ifPresent(warning -> output.err().println("warning: " + warning));
        output.err().flush();
        connectorFile = Path.of(journal.header().connectorPath());
      } else {
        connectorFile = environment.resolve(arguments.get(0));
      }
      ConnectorDefinition definition = loader.readForImport(connectorFile);
      Connector connector = loader.open(definition);
      ImportResult result;
      try {
        result =
            resumeId != null
                ? engine.resume(resumeId, connector, renderer, stop, inputs)
                : engine.start(
                    new ImportRequest(connectorFile, projectId, inputFiles()),
                    connector,
                    renderer,
                    stop,
                    inputs);
      } finally {
        closeQuietly(connector, definition.plugin(), catalog, output);
      }
      if (json) {
        output.printJson(result.toJson());
      }
      result.error().ifPresent(output::debugFrames);
      return ExitCodes.of(result);
    } catch (AuthException e) {
      return output.failure(e, ExitCodes.of(e));
    }
  }

  /**
   * Closes the connector's strategy. A plugin failing to close after the import is a warning: the
   * import's outcome is already journaled and reported, and a failed exit would make scripts run
   * the whole import again.
   */
  private static void closeQuietly(
      Connector connector, LoadedPlugin plugin, PluginCatalog catalog, CommandOutput output) {
    try {
      connector.close();
    } catch (RuntimeException | LinkageError | AssertionError e) {
      output
          .err()
          .println(
              "warning: the auth plugin '"
                  + plugin.type()
                  + "' "
                  + plugin.version()
                  + " ("
                  + CommandOutput.displayLocation(plugin.location())
                  + ") failed to close ("
                  + e.getClass().getName()
                  + "); the import's result stands");
      output.err().flush();
    }
  }

  /**
   * The command that resumes {@code importId} as this one ran: with {@code --plugins-dir} and an
   * absolute {@code --state-dir} when they were given.
   */
  private String resumeCommand(String importId) {
    Optional<Path> plugins =
        Optional.ofNullable(
                spec.commandLine().getParseResult().<Path>matchedOptionValue("--plugins-dir", null))
            .map(path -> environment.resolve(path).toAbsolutePath());
    Optional<Path> state =
        Optional.ofNullable(stateDir).map(dir -> environment.resolve(dir).toAbsolutePath());
    return resumeCommand(importId, state, plugins);
  }

  /**
   * {@code import-runner import --resume ID [--plugins-dir DIR] [--state-dir DIR]}, shell-quoted.
   */
  static String resumeCommand(String importId, Optional<Path> stateDir, Optional<Path> pluginsDir) {
    // The launcher says how the user called it (the bare name when that is on PATH, else the path
    // they typed), so that the line can be pasted as it is.
    String launcher = System.getProperty(LAUNCHER_PROPERTY, "import-runner");
    StringBuilder command =
        new StringBuilder(shellQuoted(launcher)).append(" import --resume ").append(importId);
    pluginsDir.ifPresent(dir -> command.append(" --plugins-dir ").append(shellQuoted(dir)));
    stateDir.ifPresent(
        dir -> command.append(" --state-dir ").append(shellQuoted(dir.toAbsolutePath())));
    return command.toString();
  }

  /** Set by the launcher: how the user called it. */
  static final String LAUNCHER_PROPERTY = "import-runner.launcher";

  private static String shellQuoted(Path path) {
    return shellQuoted(path.toString());
  }

  private static String shellQuoted(String text) {
    return SHELL_SAFE.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  /** {@code --resume} of a completed import: says so and exits 0, without loading the connector. */
  private static int alreadyComplete(
      CommandOutput output, String importId, ImportJournal.Contents journal) {
    ImportResult result =
        new ImportResult(
            Optional.of(importId),
            journal.acknowledgedRecords(),
            journal.completion().map(ImportJournal.Completion::records).orElse(0L),
            journal.acknowledgedBatches(),
            0,
            0,
            0,
            Duration.ZERO,
            true,
            Optional.empty());
    output
        .err()
        .println(
            "Import "
                + importId
                + " is already complete: "
                + journal.acknowledgedRecords()
                + " records in "
                + journal.acknowledgedBatches()
                + " batches were acknowledged by "
                + journal.completion().orElseThrow().completedAt()
                + "; nothing to send.");
    output.err().flush();
    if (output.json()) {
      output.printJson(result.toJson());
    }
    return ExitCodes.OK;
  }

  private static int unknownImport(CommandOutput output, ImportException failure) {
    if (output.json()) {
      ObjectNode result = CommandOutput.newObject().put("ok", false);
      result
          .putObject("error")
          .put("code", failure.code())
          .put("message", failure.getMessage())
          .put("hint", failure.hint());
      output.printJson(result);
    } else {
      output.err().println("error: " + failure.code() + ": " + failure.getMessage());
      output.err().println("hint: " + failure.hint());
      output.err().flush();
    }
    return ExitCodes.INVALID;
  }

  private List<Path> inputFiles() {
    return arguments.subList(1, arguments.size()).stream().map(environment::resolve).toList();
  }

  private void checkUsage() {
    if (resumeId != null) {
      if (!arguments.isEmpty() || projectId != null) {
        throw new ParameterException(
            spec.commandLine(),
            "--resume takes no connector, files or --project: they are read from the journal");
      }
      return;
    }
    if (arguments.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "Missing CONNECTOR and FILE: give both, or --resume IMPORT_ID");
    }
    ConnectorArgument.check(spec, arguments.get(0));
    if (arguments.size() < 2) {
      throw new ParameterException(spec.commandLine(), "Missing FILE: give at least one file");
    }
    if (projectId == null) {
      throw new ParameterException(spec.commandLine(), "Missing required option '--project=ID'");
    }
    if (projectId.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "the project id is empty: give --project the id of the project");
    }
    ImportRequest.projectIdProblem(projectId)
        .ifPresent(
            problem -> {
              throw new ParameterException(spec.commandLine(), problem);
            });
    // Checked before anything starts, so a typo in a file name costs no journal and no upload.
    List<Path> seen = new ArrayList<>();
    for (Path file : arguments.subList(1, arguments.size())) {
      if (InputFormat.forFile(file).isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            file + ": unknown input format; name the file .csv, .ndjson, .jsonl or .json");
      }
      Path resolved = environment.resolve(file);
      if (!Files.isRegularFile(resolved)) {
        throw new ParameterException(spec.commandLine(), file + ": no such file");
      }
      for (Path earlier : seen) {
        if (sameFile(earlier, resolved)) {
          throw new ParameterException(
              spec.commandLine(),
              file
                  + ": the same file as "
                  + earlier
                  + "; name each input file once, or its records would be sent twice");
        }
      }
      seen.add(resolved);
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false; // unreadable: reading it reports that, naming the file
    }
  }
}
