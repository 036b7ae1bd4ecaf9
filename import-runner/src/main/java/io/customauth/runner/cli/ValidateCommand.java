package io.customauth.runner.cli;

import io.customauth.runner.connector.ConnectorDefinition;
import io.customauth.runner.connector.ConnectorLoader;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.secrets.ReferenceResolver;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate}: every problem of a connector file at once, without any network call. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Checks a connector file and reports every violation at once (exit 2 if any), without"
            + " reading any secret unless --resolve asks.")
final class ValidateCommand implements Callable<Integer> {
  private final RunnerEnvironment environment;

  @Spec private CommandSpec spec;
  @Mixin private PluginsDirOption plugins;

  @Parameters(paramLabel = "CONNECTOR", description = "The connector file (.json, .yaml, .yml).")
  private Path connectorFile;

  @Option(names = "--json", description = "Print one JSON object.")
  private boolean json;

  @Option(
      names = "--resolve",
      description =
          "Also resolve every reference (variables set, files readable), sending nothing.")
  private boolean resolve;

  ValidateCommand(RunnerEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    ConnectorArgument.check(spec, connectorFile);
    CommandOutput output = CommandOutput.of(spec, json);
    try (PluginCatalog catalog = plugins.discover(environment, spec)) {
      output.warnAboutSkippedPlugins(catalog);
      ConnectorDefinition connector =
          new ConnectorLoader(catalog).read(environment.resolve(connectorFile));
      if (resolve) {
        List<ConfigViolation> unresolved =
            ConnectorLoader.unresolvedReferences(
                connector,
                new ReferenceResolver(
                    environment.environment(), connector.file().getParent(), "auth."));
        if (!unresolved.isEmpty()) {
          throw AuthException.invalidConfig(unresolved);
        }
      }
      if (json) {
        output.printJson(
            CommandOutput.newObject()
                .put("ok", true)
                .put("name", connector.name())
                .put("type", connector.type()));
      } else {
        output
            .out()
            .println(
                connectorFile
                    + ": valid (connector "
                    + connector.name()
                    + ", auth type "
                    + connector.type()
                    + (resolve ? "; every reference resolves" : "")
                    + ")");
        output.out().flush();
      }
      return ExitCodes.OK;
    } catch (AuthException e) {
      return output.failure(e, ExitCodes.INVALID);
    }
  }
}
