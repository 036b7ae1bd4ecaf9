package io.customauth.runner.cli;

import io.customauth.runner.plugin.PluginCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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
    return environment.discoverPlugins(directory(environment));
  }

  /**
   * {@link #discover(RunnerEnvironment)}, where a {@code --plugins-dir} that is not a directory is
   * a usage error of {@code command} (exit 2), not an empty list.
   *
   * @throws ParameterException when {@code --plugins-dir} names no directory
   */
  public PluginCatalog discover(RunnerEnvironment environment, CommandSpec command) {
    requireExisting(environment, command);
    return discover(environment);
  }

  /**
   * @throws ParameterException a usage error of {@code command} when {@code --plugins-dir} names no
   *     directory
   */
  public void requireExisting(RunnerEnvironment environment, CommandSpec command) {
    if (pluginsDirectory != null && !Files.isDirectory(directory(environment))) {
      throw new ParameterException(
          command.commandLine(),
          "--plugins-dir: the plugins directory " + directory(environment) + " does not exist");
    }
  }
}
