package io.customauth.runner.cli;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.plugin.HostAuthContext;
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
 * working directory and the clock. Injected through {@link RunnerCommandFactory}, so tests run
 * commands in-process with a known environment.
 *
 * @param environment looks up an environment variable (for {@code ${env:…}} references)
 * @param home the distribution directory, from the launcher's {@code -Dimport-runner.home}
 * @param workingDirectory where relative paths start
 */
public record RunnerEnvironment(
    Function<String, Optional<String>> environment,
    Optional<Path> home,
    Path workingDirectory,
    Clock clock) {
  /** The system property the launcher sets to the distribution directory. */
  public static final String HOME_PROPERTY = "import-runner.home";

  /** The environment variable that, set to {@code 1}, acts as {@code --debug} on every command. */
  public static final String DEBUG_VARIABLE = "IMPORT_RUNNER_DEBUG";

  public RunnerEnvironment {
    requireNonNull(environment, "environment");
    requireNonNull(home, "home");
    requireNonNull(workingDirectory, "workingDirectory");
    requireNonNull(clock, "clock");
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
