package io.customauth.runner.plugin;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link PluginHost#discover} found: the usable plugins, one per type, and every directory or
 * jar that was skipped. Closing it closes the plugins' class loaders, so close every strategy made
 * from it first.
 */
public final class PluginCatalog implements AutoCloseable {
  private final Path pluginsDirectory;
  private final List<LoadedPlugin> plugins;
  private final List<PluginProblem> problems;
  private final List<URLClassLoader> loaders;

  PluginCatalog(
      Path pluginsDirectory,
      List<LoadedPlugin> plugins,
      List<PluginProblem> problems,
      List<URLClassLoader> loaders) {
    this.pluginsDirectory = pluginsDirectory;
    this.plugins = List.copyOf(plugins);
    this.problems = List.copyOf(problems);
    this.loaders = List.copyOf(loaders);
  }

  /** The directory that was searched. */
  public Path pluginsDirectory() {
    return pluginsDirectory;
  }

  /** The plugins that loaded, ordered by location. */
  public List<LoadedPlugin> plugins() {
    return plugins;
  }

  /** Every plugin directory or stray file that was skipped, each once, in location order. */
  public List<PluginProblem> problems() {
    return problems;
  }

  /**
   * Why {@code type} is not available although a skipped plugin provides it (it was one of two
   * claiming the type, claimed the reserved {@code custom}, needs a newer SPI, or failed while
   * loading), or empty when no skipped plugin said it provides {@code type}.
   */
  public Optional<String> whyDisabled(String type) {
    if (find(type).isPresent()) {
      return Optional.empty();
    }
    return problems.stream()
        .filter(problem -> problem.type().filter(type::equals).isPresent())
        .map(problem -> problem.location() + ": " + problem.reason())
        .reduce((a, b) -> a + "; " + b);
  }

  /** The problems of plugins that were skipped before saying which type they provide. */
  public List<PluginProblem> problemsWithoutType() {
    return problems.stream().filter(problem -> problem.type().isEmpty()).toList();
  }

  public Optional<LoadedPlugin> find(String type) {
    return plugins.stream().filter(plugin -> plugin.type().equals(type)).findFirst();
  }

  /** The types users may write in {@code auth.type}, sorted. */
  public List<String> types() {
    return plugins.stream().map(LoadedPlugin::type).sorted().toList();
  }

  @Override
  public void close() {
    for (URLClassLoader loader : loaders) {
      try {
        loader.close();
      } catch (IOException e) {
        // Closing only releases open jar files; nothing is lost if one stays open until exit.
      }
    }
  }
}
