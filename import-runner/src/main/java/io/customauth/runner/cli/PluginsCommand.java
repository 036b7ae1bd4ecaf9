package io.customauth.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.runner.plugin.LoadedPlugin;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.plugin.PluginProblem;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plugins}: what auth plugins are installed, and which ones failed to load and why. */
@Command(
    name = "plugins",
    mixinStandardHelpOptions = true,
    description = "Lists the auth plugins found: type, version and location, and load problems.")
final class PluginsCommand implements Callable<Integer> {
  private final RunnerEnvironment environment;

  @Spec private CommandSpec spec;
  @Mixin private PluginsDirOption plugins;

  @Option(names = "--json", description = "Print one JSON object.")
  private boolean json;

  PluginsCommand(RunnerEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    CommandOutput output = CommandOutput.of(spec, json);
    try (PluginCatalog catalog = plugins.discover(environment)) {
      if (json) {
        output.printJson(toJson(catalog));
      } else {
        print(catalog, output.out());
      }
    }
    return ExitCodes.OK;
  }

  private static ObjectNode toJson(PluginCatalog catalog) {
    ObjectNode result = CommandOutput.newObject().put("ok", true);
    result.put("pluginsDir", catalog.pluginsDirectory().toString());
    ArrayNode found = result.putArray("plugins");
    for (LoadedPlugin plugin : catalog.plugins()) {
      found
          .addObject()
          .put("type", plugin.type())
          .put("version", plugin.version())
          .put("location", CommandOutput.displayLocation(catalog, plugin.location()));
    }
    ArrayNode problems = result.putArray("problems");
    for (PluginProblem problem : catalog.problems()) {
      problems
          .addObject()
          .put("location", CommandOutput.displayLocation(catalog, problem.location()))
          .put("reason", problem.reason());
    }
    return result;
  }

  private static void print(PluginCatalog catalog, PrintWriter out) {
    if (catalog.plugins().isEmpty()) {
      out.println("No auth plugins found in " + catalog.pluginsDirectory());
    } else {
      String row = "%-12s %-20s %s%n";
      out.printf(row, "TYPE", "VERSION", "LOCATION");
      for (LoadedPlugin plugin : catalog.plugins()) {
        out.printf(
            row,
            plugin.type(),
            plugin.version(),
            CommandOutput.displayLocation(catalog, plugin.location()));
      }
    }
    if (!catalog.problems().isEmpty()) {
      out.println();
      out.println("Not loaded:");
      for (PluginProblem problem : catalog.problems()) {
        out.println(
            "  "
                + CommandOutput.displayLocation(catalog, problem.location())
                + ": "
                + problem.reason());
      }
    }
    out.flush();
  }
}
