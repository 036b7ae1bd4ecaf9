package io.customauth.runner.cli;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.plugin.HostAuthContext;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.plugin.PluginHost;
import io.customauth.runner.plugin.StderrLogger;
import io.customauth.runner.secrets.ReferenceResolver;
import io.customauth.runner.tokenstore.RedisTokenStore;
import io.customauth.runner.tokenstore.StoreSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What commands take from the process: environment variables, the distribution directory, the
 * working directory, the clock and how plugins are loaded. Injected through {@link
 * RunnerCommandFactory}, so tests run commands in-process with a known environment. Immutable; safe
 * to share between threads when its functions are.
 *
 * @param environment looks up an environment variable (for {@code ${env:…}} references)
 * @param home the distribution directory, from the launcher's {@code -Dimport-runner.home}
 * @param workingDirectory where relative paths start
 * @param clock what commands and strategies read the time from
 * @param pluginDiscovery loads the plugins of a plugins directory (an absolute, normalized path)
 *     into a catalog the calling command closes when done; {@link #FRESH_DISCOVERY} everywhere but
 *     in tests, see {@link #withPluginDiscovery}
 */
public record RunnerEnvironment(
    Function<String, Optional<String>> environment,
    Optional<Path> home,
    Path workingDirectory,
    Clock clock,
    Function<Path, PluginCatalog> pluginDiscovery) {
  /** The system property the launcher sets to the distribution directory. */
  public static final String HOME_PROPERTY = "import-runner.home";

  /** The environment variable that, set to {@code 1}, acts as {@code --debug} on every command. */
  public static final String DEBUG_VARIABLE = "IMPORT_RUNNER_DEBUG";

  /**
   * What every command does unless a test says otherwise: a new {@link PluginHost#discover}, with
   * class loaders of its own, on every call.
   */
  public static final Function<Path, PluginCatalog> FRESH_DISCOVERY =
      directory -> new PluginHost().discover(directory);

  public RunnerEnvironment {
    requireNonNull(environment, "environment");
    requireNonNull(home, "home");
    requireNonNull(workingDirectory, "workingDirectory");
    requireNonNull(clock, "clock");
    requireNonNull(pluginDiscovery, "pluginDiscovery");
  }

  /** An environment whose commands discover plugins afresh each time, as the real process does. */
  public RunnerEnvironment(
      Function<String, Optional<String>> environment,
      Optional<Path> home,
      Path workingDirectory,
      Clock clock) {
    this(environment, home, workingDirectory, clock, FRESH_DISCOVERY);
  }

  /**
   * This environment with commands loading their plugins through {@code discovery} instead of
   * {@link #FRESH_DISCOVERY}. The seam exists for test speed: loading the shipped plugin (Jackson,
   * Hibernate Validator) in a new class loader, where it is initialised and compiled again, costs
   * most of an in-process command's time, so tests that run many commands against the same
   * read-only plugins directory share one catalog whose {@code close()} does nothing. The real
   * process never uses it: {@link #system()} discovers afresh for every command.
   *
   * @param discovery called with the absolute, normalized plugins directory; returns a catalog the
   *     command closes after every strategy made from it; never null
   */
  public RunnerEnvironment withPluginDiscovery(Function<Path, PluginCatalog> discovery) {
    return new RunnerEnvironment(environment, home, workingDirectory, clock, discovery);
  }

  /**
   * Loads the plugins of {@code pluginsDirectory} (relative to the JVM's working directory when
   * relative) through {@link #pluginDiscovery()}; with {@link #FRESH_DISCOVERY} a broken plugin or
   * a missing directory is a problem in the catalog, never an exception.
   *
   * @return a catalog the caller closes after every strategy made from it
   */
  public PluginCatalog discoverPlugins(Path pluginsDirectory) {
    return pluginDiscovery.apply(pluginsDirectory.toAbsolutePath().normalize());
  }

  /** The real process: {@link System#getenv}, the launcher's home property, the system clock. */
  public static RunnerEnvironment system() {
    return new RunnerEnvironment(
        name -> Optional.ofNullable(System.getenv(name)),
        Optional.ofNullable(System.getProperty(HOME_PROPERTY)).map(Path::of),
        Path.of("").toAbsolutePath(),
        Clock.systemUTC());
  }

  /** A fixed environment, for tests and embedding. */
  public static RunnerEnvironment of(Map<String, String> variables, Path home, Path workingDir) {
    Map<String, String> copy = Map.copyOf(variables);
    return new RunnerEnvironment(
        name -> Optional.ofNullable(copy.get(name)),
        Optional.of(home),
        workingDir,
        Clock.systemUTC());
  }

  /** {@code <home>/plugins}, or {@code ./plugins} when not started by the launcher. */
  public Path defaultPluginsDirectory() {
    return home.orElse(workingDirectory).resolve("plugins");
  }

  public Path resolve(Path path) {
    return workingDirectory.resolve(path).normalize();
  }

  /**
   * What strategies are lent, logging to {@code err}; each connector's references resolve against
   * this environment, a relative {@code ${file:…}} from the connector file's directory. The caller
   * closes it after the strategies and before the plugins' class loaders.
   */
  public HostAuthContext authContext(PrintWriter err) {
    return authContext(err, Optional.empty());
  }

  /**
   * {@link #authContext(PrintWriter)} lending strategies the token store of {@code store}, when
   * given (PRODUCT.md section 8); it connects on first use and reports its outages to {@code err}.
   */
  public HostAuthContext authContext(PrintWriter err, Optional<StoreSettings> store) {
    StderrLogger logger = new StderrLogger("import-runner", err, System.Logger.Level.INFO);
    return HostAuthContext.withDaemonScheduler(
        clock,
        directory -> new ReferenceResolver(environment, directory, "auth."),
        logger,
        store.map(
            settings -> new RedisTokenStore(settings.address(), settings.secret(), clock, logger)));
  }

  /** Whether {@code IMPORT_RUNNER_DEBUG=1} asks for the stack frames of failures. */
  public boolean debugRequested() {
    return environment.apply(DEBUG_VARIABLE).map(value -> value.equals("1")).orElse(false);
  }
}
