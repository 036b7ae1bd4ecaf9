package io.customauth.runner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.runner.connector.ConnectorLoader;
import io.customauth.runner.imports.ImportEngine;
import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.ImportOptions;
import io.customauth.runner.imports.ImportRequest;
import io.customauth.runner.imports.ImportResult;
import io.customauth.runner.imports.input.InputFormat;
import io.customauth.runner.imports.journal.ImportJournal;
import io.customauth.runner.plugin.HostAuthContext;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.Connector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
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
      "Exit codes: 0 every record acknowledged, 2 usage error, invalid connector"
          + " or an unknown or busy import id, 4 the import did not complete."
    })
final class ImportCommand implements Callable<Integer> {
  private final RunnerEnvironment environment;

  @Spec private CommandSpec spec;
  @Mixin private PluginsDirOption plugins;
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
      description = "Finish the interrupted import with this id, sending nothing twice.")
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
    CommandOutput output = CommandOutput.of(spec, json);
    try (PluginCatalog catalog = plugins.discover(environment);
        HostAuthContext context = environment.authContext(output.err())) {
      output.warnAboutSkippedPlugins(catalog);
      ImportEngine engine =
          new ImportEngine(
              ImportOptions.defaults()
                  .withStateDir(
                      environment.resolve(
                          stateDir == null ? ImportOptions.DEFAULT_STATE_DIR : stateDir))
                  .withTokenRefreshes(context::refreshCount));
      ConnectorLoader loader = new ConnectorLoader(catalog);
      ImportResult result;
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
        ImportEngine.connectorChanged(journal.header())
            .ifPresent(warning -> output.err().println("warning: " + warning));
        output.err().flush();
        Path connectorFile = Path.of(journal.header().connectorPath());
        try (Connector connector = openForImport(loader, connectorFile, context)) {
          result =
              engine.resume(
                  resumeId, connector, progress.renderer(output.err(), context::refreshCount));
        }
      } else {
        Path connectorFile = environment.resolve(arguments.get(0));
        List<Path> files =
            arguments.subList(1, arguments.size()).stream().map(environment::resolve).toList();
        try (Connector connector = openForImport(loader, connectorFile, context)) {
          result =
              engine.start(
                  new ImportRequest(connectorFile, projectId, files),
                  connector,
                  progress.renderer(output.err(), context::refreshCount));
        }
      }
      if (json) {
        output.out().println(result.toJsonString());
        output.out().flush();
      }
      if (result.ok()) {
        return ExitCodes.OK;
      }
      // Another process runs this import: nothing was sent, the user named a busy import.
      boolean locked =
          result
              .error()
              .map(e -> e.code().equals(ImportErrorCode.IMPORT_LOCKED.name()))
              .orElse(false);
      return locked ? ExitCodes.INVALID : ExitCodes.IMPORT_INCOMPLETE;
    } catch (AuthException e) {
      return output.failure(e, ExitCodes.of(e));
    }
  }

  /** {@code --resume} of a completed import: says so and exits 0, without loading the connector. */
  private static int alreadyComplete(
      CommandOutput output, String importId, ImportJournal.Contents journal) {
    ImportResult result =
        new ImportResult(
            Optional.of(importId),
            journal.acknowledgedRecords(),
            journal.acknowledgedBatches(),
            0,
            0,
            0,
            Duration.ZERO,
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
      output.printJson(result.toJson().put("alreadyComplete", true));
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

  static Connector openForImport(ConnectorLoader loader, Path file, HostAuthContext context) {
    Connector connector = loader.open(file, context);
    if (connector.upload().isEmpty()) {
      connector.close();
      throw AuthException.invalidConfig(
          List.of(
              new ConfigViolation(
                  "upload", "is required to import: add an upload block with at least a url")));
    }
    return connector;
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
    if (arguments.size() < 2) {
      throw new ParameterException(spec.commandLine(), "Missing FILE: give at least one file");
    }
    if (projectId == null || projectId.isBlank()) {
      throw new ParameterException(spec.commandLine(), "Missing required option '--project=ID'");
    }
    // Checked before anything starts, so a typo in a file name costs no journal and no upload.
    for (Path file : arguments.subList(1, arguments.size())) {
      if (InputFormat.forFile(file).isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            file + ": unknown input format; name the file .csv, .ndjson, .jsonl or .json");
      }
      if (!Files.isRegularFile(environment.resolve(file))) {
        throw new ParameterException(spec.commandLine(), file + ": no such file");
      }
    }
  }
}
