package io.customauth.runner.cli;

import io.customauth.runner.connector.ConnectorDefinition;
import io.customauth.runner.connector.ConnectorLoader;
import io.customauth.runner.plugin.HostAuthContext;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.tokenstore.StoreSettings;
import io.customauth.spi.AuthException;
import io.customauth.spi.Connector;
import io.customauth.spi.Credential;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code auth-test}: the "test connection" button. One token exchange; shows the token's
 * fingerprint and times, never the token.
 */
@Command(
    name = "auth-test",
    mixinStandardHelpOptions = true,
    description = {
      "Fetches one token with a connector's auth block and shows its fingerprint, expiresAt and"
          + " refreshAt, never the token. Says on standard error what it calls and for how long"
          + " at most.",
      "Exit codes: 0 ok, 1 unexpected failure or a plugin's fault, 2 invalid connector, 3 token"
          + " exchange failed."
    })
final class AuthTestCommand implements Callable<Integer> {
  private final RunnerEnvironment environment;

  @Spec private CommandSpec spec;
  @Mixin private PluginsDirOption plugins;
  @Mixin private TokenStoreOption tokenStore;

  @Parameters(paramLabel = "CONNECTOR", description = "The connector file (.json, .yaml, .yml).")
  private Path connectorFile;

  @Option(names = "--json", description = "Print one JSON object.")
  private boolean json;

  AuthTestCommand(RunnerEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    ConnectorArgument.check(spec, connectorFile);
    Optional<StoreSettings> store = tokenStore.settings(environment);
    CommandOutput output = CommandOutput.of(spec, json);
    // Closed in reverse: the strategy, then its scheduler, then the plugin class loaders.
    try (PluginCatalog catalog = plugins.discover(environment, spec);
        HostAuthContext context = environment.authContext(output.err(), store)) {
      output.warnAboutSkippedPlugins(catalog);
      ConnectorLoader loader =
          ConnectorLoader.perConnector(
              catalog,
              definition ->
                  context.forConnector(
                      definition.file().getParent(), definition.type(), definition.auth()));
      ConnectorDefinition definition = loader.read(environment.resolve(connectorFile));
      try (Connector connector = loader.open(definition)) {
        // Before the wait, on standard error (so --json's standard output stays one object).
        output.err().println(TokenCall.describe(definition));
        output.err().flush();
        Credential credential = connector.auth().credential();
        report(definition, credential, output);
      }
      return ExitCodes.OK;
    } catch (AuthException e) {
      return output.failure(e, ExitCodes.of(e));
    }
  }

  private static void report(
      ConnectorDefinition definition, Credential credential, CommandOutput output) {
    if (output.json()) {
      output.printJson(
          CommandOutput.newObject()
              .put("ok", true)
              .put("type", definition.type())
              .put("tokenFingerprint", credential.fingerprint())
              // null for a credential that does not expire (SPI: Credential.nonExpiring)
              .put("expiresAt", credential.expiry().map(Instant::toString).orElse(null))
              .put("refreshAt", credential.refreshTime().map(Instant::toString).orElse(null)));
      return;
    }
    PrintWriter out = output.out();
    out.println(
        "Token obtained for connector " + definition.name() + " (" + definition.type() + ")");
    out.println("  fingerprint: " + credential.fingerprint());
    out.println("  expiresAt:   " + credential.expiry().map(Instant::toString).orElse("never"));
    out.println(
        "  refreshAt:   " + credential.refreshTime().map(Instant::toString).orElse("never"));
    out.flush();
  }
}
