package io.customauth.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.runner.plugin.ConfigSchema;
import io.customauth.runner.plugin.LoadedPlugin;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.plugin.PluginProblem;
import io.customauth.spi.SpiVersion;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code plugins}: what auth plugins are installed, which ones were skipped and why (exit 2 when
 * any was), and with {@code --schema TYPE} the JSON Schema of a type's auth block.
 */
@Command(
    name = "plugins",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the auth plugins found: type, version and location, the SPI version, and every"
          + " plugin that was skipped and why (exit 2 when any was).",
      "With --schema TYPE, prints the JSON Schema (draft 2020-12) of that type's auth block."
    })
final class PluginsCommand implements Callable<Integer> {
  private final RunnerEnvironment environment;

  @Spec private CommandSpec spec;
  @Mixin private PluginsDirOption plugins;

  @Option(names = "--json", description = "Print one JSON object.")
  private boolean json;

  @Option(
      names = "--schema",
      paramLabel = "TYPE",
      description = "Print the JSON Schema of the auth block of TYPE instead of the list.")
  private String schemaType;

  PluginsCommand(RunnerEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    CommandOutput output = CommandOutput.of(spec, json);
    try (PluginCatalog catalog = plugins.discover(environment, spec)) {
      if (schemaType != null) {
        return printSchema(catalog, output);
      }
      if (json) {
        output.printJson(toJson(catalog));
      } else {
        print(catalog, output.out());
      }
      return catalog.problems().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID;
    }
  }

  private int printSchema(PluginCatalog catalog, CommandOutput output) {
    Optional<LoadedPlugin> plugin = catalog.find(schemaType);
    if (plugin.isEmpty()) {
      String why =
          catalog
              .whyDisabled(schemaType)
              .map(reason -> "type '" + schemaType + "' is disabled: " + reason)
              .orElseGet(
                  () ->
                      "no installed plugin provides type '"
                          + schemaType
                          + "'; available types: "
                          + (catalog.types().isEmpty()
                              ? "none"
                              : String.join(", ", catalog.types())));
      throw new ParameterException(spec.commandLine(), why);
    }
    if (plugin.get().description().isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "the plugin of type '"
              + schemaType
              + "' does not describe its configuration (it was written for SPI 1.0), so there is"
              + " no schema to print");
    }
    output.printJsonPretty(ConfigSchema.of(schemaType, plugin.get().description().get()));
    return ExitCodes.OK;
  }

  private static ObjectNode toJson(PluginCatalog catalog) {
    ObjectNode result = CommandOutput.newObject().put("ok", catalog.problems().isEmpty());
    result.put("spiVersion", SpiVersion.current());
    result.put("pluginsDir", catalog.pluginsDirectory().toString());
    ArrayNode found = result.putArray("plugins");
    for (LoadedPlugin plugin : catalog.plugins()) {
      found
          .addObject()
          .put("type", plugin.type())
          .put("version", plugin.version())
          .put("location", CommandOutput.displayLocation(plugin.location()))
          .put("describesConfig", plugin.description().isPresent());
    }
    ArrayNode problems = result.putArray("problems");
    for (PluginProblem problem : catalog.problems()) {
      ObjectNode entry =
          problems
              .addObject()
              .put("location", CommandOutput.displayLocation(problem.location()))
              .put("reason", problem.reason());
      problem.type().ifPresent(type -> entry.put("type", type));
    }
    return result;
  }

  private static void print(PluginCatalog catalog, PrintWriter out) {
    out.println("SPI " + SpiVersion.current() + ", plugins in " + catalog.pluginsDirectory());
    if (catalog.plugins().isEmpty()) {
      out.println("No auth plugins found.");
    } else {
      int width =
          Math.max(
              "TYPE".length(),
              catalog.plugins().stream().mapToInt(p -> p.type().length()).max().orElse(0));
      String row = "%-" + width + "s  %-20s %s%n";
      out.printf(row, "TYPE", "VERSION", "LOCATION");
      for (LoadedPlugin plugin : catalog.plugins()) {
        out.printf(
            row, plugin.type(), plugin.version(), CommandOutput.displayLocation(plugin.location()));
      }
    }
    if (!catalog.problems().isEmpty()) {
      out.println();
      out.println("Skipped:");
      for (PluginProblem problem : catalog.problems()) {
        out.println(
            "  " + CommandOutput.displayLocation(problem.location()) + ": " + problem.reason());
      }
    }
    out.flush();
  }
}
