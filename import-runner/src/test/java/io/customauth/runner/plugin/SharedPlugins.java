package io.customauth.runner.plugin;

import io.customauth.runner.cli.RunnerEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One catalog of the shipped plugins in {@link PluginJars#REAL_PLUGINS} per test JVM, for the many
 * tests that use the real custom plugin without testing discovery itself. Loading it again for
 * every command (Jackson and Hibernate Validator initialised and compiled anew in each class
 * loader) was most of those tests' time.
 *
 * <p>Only that directory is shared: the build unpacks it before the tests and no test writes to it.
 * Any other directory, such as one a test fills with jars it builds, is discovered afresh as in
 * production, so tests of discovery, of broken plugins and of closing class loaders are not
 * affected. Thread-safe.
 */
public final class SharedPlugins {
  private static final Path REAL_PLUGINS = PluginJars.REAL_PLUGINS.toAbsolutePath().normalize();

  private static PluginCatalog shared;

  private SharedPlugins() {}

  /**
   * The shipped plugins, loaded once per JVM. The returned catalog's {@code close()} does nothing:
   * its class loaders stay open until the JVM exits, for the next test. Close it anyway, as a
   * command does.
   */
  public static PluginCatalog realPlugins() {
    PluginCatalog loaded = loadOnce();
    // Same plugins and problems, no class loaders to close.
    return new PluginCatalog(
        loaded.pluginsDirectory(), loaded.plugins(), loaded.problems(), List.of());
  }

  /**
   * A discovery for {@link RunnerEnvironment#withPluginDiscovery}: {@link #realPlugins()} for
   * {@link PluginJars#REAL_PLUGINS}, {@link RunnerEnvironment#FRESH_DISCOVERY} for any other
   * directory.
   */
  public static PluginCatalog discover(Path directory) {
    return directory.toAbsolutePath().normalize().equals(REAL_PLUGINS)
        ? realPlugins()
        : RunnerEnvironment.FRESH_DISCOVERY.apply(directory);
  }

  /**
   * {@link RunnerEnvironment#of} with {@link PluginJars#TEST_HOME} as the distribution directory,
   * whose commands load the shipped plugins through {@link #discover}.
   */
  public static RunnerEnvironment testHome(Map<String, String> variables, Path workingDirectory) {
    return RunnerEnvironment.of(variables, PluginJars.TEST_HOME, workingDirectory)
        .withPluginDiscovery(SharedPlugins::discover);
  }

  private static synchronized PluginCatalog loadOnce() {
    if (shared == null) {
      shared = new PluginHost().discover(REAL_PLUGINS);
    }
    return shared;
  }
}
