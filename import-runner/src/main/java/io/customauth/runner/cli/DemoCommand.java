package io.customauth.runner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.runner.connector.ConnectorLoader;
import io.customauth.runner.demo.Demo;
import io.customauth.runner.demo.DemoOutcome;
import io.customauth.runner.demo.DemoWorkers;
import io.customauth.runner.imports.ImportOptions;
import io.customauth.runner.plugin.HostAuthContext;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.tokenstore.StoreSettings;
import io.customauth.spi.AuthException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole product on one machine. Starts a provider on loopback whose tokens live a
 * few seconds, writes the connector file it uses, and imports a sample data set through the real
 * plugin host and {@code custom} plugin.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a whole import against a demo provider started on loopback: short-lived tokens,"
          + " refreshed during the import, and an upload endpoint that checks every token and"
          + " deduplicates on Idempotency-Key.",
      "Exit codes: 0 the provider counted every input record once, 4 otherwise."
    })
final class DemoCommand implements Callable<Integer> {
  private final RunnerEnvironment environment;

  @Spec private CommandSpec spec;
  @Mixin private PluginsDirOption plugins;
  @Mixin private TokenStoreOption tokenStore;
  @Mixin private ProgressOption progress;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Where the demo writes its connector file, secret, data and journal"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "import-runner-demo")
  private Path directory;

  @Option(
      names = "--records",
      paramLabel = "N",
      description = "Records in the sample data set (default: ${DEFAULT-VALUE}).",
      defaultValue = "120000")
  private int records;

  @Option(names = "--json", description = "Print the import summary as one JSON object.")
  private boolean json;

  @Option(
      names = "--token-lifetime",
      paramLabel = "SECONDS",
      description = "How long the demo provider's tokens live (default: ${DEFAULT-VALUE}).",
      defaultValue = "4")
  private int tokenLifetimeSeconds;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description =
          "Import with N runner processes at once, each its own import of the sample data, and"
              + " print how many tokens the provider issued; with --token-store they share them"
              + " (default: ${DEFAULT-VALUE}, this process alone).",
      defaultValue = "1")
  private int workers;

  DemoCommand(RunnerEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws IOException {
    if (records < 1) {
      // Checked here rather than left to Demo.Settings, whose IllegalArgumentException would
      // reach the user as an unexpected failure (exit 1).
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--records': must be at least 1");
    }
    if (tokenLifetimeSeconds < 1) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--token-lifetime': must be at least 1");
    }
    if (workers < 1) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--workers': must be at least 1");
    }
    Optional<StoreSettings> store = tokenStore.settings(environment);
    CommandOutput output = CommandOutput.of(spec, json);
    PrintWriter info = output.err();
    Path dir = environment.resolve(directory);
    Demo.Settings defaults = Demo.Settings.DEFAULT;
    Demo.Settings settings =
        new Demo.Settings(
            records,
            Duration.ofSeconds(tokenLifetimeSeconds),
            defaults.safetyWindowSeconds(),
            defaults.uploadDelay(),
            defaults.batchSize(),
            defaults.concurrency());
    try (PluginCatalog catalog = plugins.discover(environment, spec);
        HostAuthContext context = environment.authContext(output.err(), store);
        Demo demo = Demo.start(dir, settings)) {
      output.warnAboutSkippedPlugins(catalog);
      info.println("Demo provider listening on " + demo.provider().tokenUri().resolve("/"));
      info.println(
          "Connector file " + demo.connectorFile() + " (the secret is in a separate file):");
      info.println(Files.readString(demo.connectorFile()).stripTrailing());
      info.println(
          "Importing "
              + demo.records()
              + " records from "
              + demo.dataFile()
              + "; tokens live "
              + settings.tokenLifetime().toSeconds()
              + " s, so watch them refresh.");
      info.flush();
      if (workers > 1) {
        return runWorkers(demo, store, output);
      }
      ConnectorLoader loader =
          ConnectorLoader.perConnector(
              catalog,
              definition ->
                  context.forConnector(
                      definition.file().getParent(), definition.type(), definition.auth()));
      DemoOutcome outcome =
          demo.run(
              loader::openForImport,
              ImportOptions.defaults()
                  .withStateDir(dir.resolve(".import-state"))
                  .withTokenRefreshes(context::refreshCount),
              progress.renderer(
                  output.err(),
                  id ->
                      ImportCommand.resumeCommand(
                          id, Optional.of(dir.resolve(".import-state")), Optional.empty())));
      if (json) {
        // Still exactly one object: the import summary with the provider's own count added.
        output.printJson(
            outcome
                .result()
                .toJson()
                .put("inputRecords", outcome.inputRecords())
                .put("providerRecords", outcome.providerRecords())
                .put("providerTokensIssued", outcome.tokensIssued()));
      } else {
        output.out().println(outcome.providerLine());
        output.out().flush();
      }
      return outcome.succeeded() ? ExitCodes.OK : ExitCodes.IMPORT_INCOMPLETE;
    } catch (AuthException e) {
      return output.failure(e, ExitCodes.of(e));
    }
  }

  private int runWorkers(Demo demo, Optional<StoreSettings> store, CommandOutput output)
      throws IOException {
    output
        .err()
        .println(
            "Starting "
                + workers
                + " workers, each importing the sample data"
                + store
                    .map(s -> ", sharing tokens through " + s.address().redacted())
                    .orElse(", each with its own tokens")
                + "; their output goes to worker-<i>.json and worker-<i>.err in "
                + demo.directory());
    output.err().flush();
    DemoWorkers.Outcome outcome =
        DemoWorkers.run(
            demo, workers, plugins.directory(environment), store, Duration.ofMinutes(30));
    long expected = (long) demo.records() * workers;
    if (json) {
      ObjectNode result = CommandOutput.newObject().put("ok", outcome.succeeded(expected));
      result.put("workers", workers).put("tokenStore", store.isPresent());
      outcome.exitCodes().forEach(result.putArray("exitCodes")::add);
      result
          .put("inputRecords", expected)
          .put("providerRecords", outcome.providerRecords())
          .put("providerTokensIssued", outcome.tokensIssued());
      output.printJson(result);
    } else {
      output
          .out()
          .println(
              "Provider issued "
                  + outcome.tokensIssued()
                  + " tokens to "
                  + workers
                  + " workers ("
                  + (store.isPresent() ? "sharing them" : "each with its own")
                  + "); received "
                  + outcome.providerRecords()
                  + " unique records of "
                  + expected
                  + " sent; worker exit codes "
                  + outcome.exitCodes()
                  + ": "
                  + (outcome.succeeded(expected) ? "OK" : "MISMATCH"));
      output.out().flush();
    }
    return outcome.succeeded(expected) ? ExitCodes.OK : ExitCodes.IMPORT_INCOMPLETE;
  }
}
