package io.customauth.runner.cli;

import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.plugin.PluginHost;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --plugins-dir}, for every command that loads plugins: add it as a {@code @Mixin}. */
public final class PluginsDirOption {
  @Option(
      names = "--plugins-dir",
      paramLabel = "DIR",
      description = "Where plugins are found (default: the distribution's plugins directory).")
  private Path pluginsDirectory;

  public Path directory(RunnerEnvironment environment) {
    return pluginsDirectory == null
        ? environment.defaultPluginsDirectory()
        : environment.resolve(pluginsDirectory);
  }

  /** Loads the plugins; the caller closes the catalog after every strategy made from it. */
  public PluginCatalog discover(RunnerEnvironment environment) {
    return new PluginHost().discover(directory(environment));
  }
}
