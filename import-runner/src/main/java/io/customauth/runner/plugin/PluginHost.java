package io.customauth.runner.plugin;

import io.customauth.spi.AuthStrategyFactory;
import io.customauth.spi.ConfigDescription;
import io.customauth.spi.SpiVersion;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Finds auth plugins in a plugins directory. Each sub-directory is one plugin made of every jar in
 * it, with its own class loader whose parent exposes only the JDK and the SPI package (see {@link
 * SpiOnlyClassLoader}). A jar lying directly in the plugins directory is reported and skipped:
 * which directory a plugin is in is how users find, replace and remove it.
 *
 * <p>A plugin that cannot be loaded (an unreadable jar among its jars, a missing class, a throwing
 * constructor, static initializer or {@code describeConfig()}, a manifest asking for a newer SPI
 * than {@link SpiVersion#current()}) is reported as a {@link PluginProblem} naming its directory,
 * and skipped: it never stops the others or the host. Two plugins claiming the same type are both
 * skipped, because picking one would be a guess.
 *
 * <p>The type {@value #RESERVED_TYPE}, in any case ({@code CUSTOM}, {@code Custom} too), belongs to
 * the shipped plugin: it is accepted only from the plugin directory {@value #SHIPPED_DIRECTORY}
 * whose factory is {@value #SHIPPED_FACTORY}, the directory and class the distribution ships. Any
 * other plugin claiming it is skipped and reported, and the shipped one keeps working, so that
 * installing a third-party plugin never breaks existing {@code custom} connectors.
 *
 * <p>Each plugin's factory comes behind a guard (see {@link LoadedPlugin#factory()}): every call
 * into the plugin's code, on any thread, runs with the plugin's class loader as the thread's
 * context class loader, as Kafka Connect's {@code LoaderSwap} does, and a plugin's bug is a {@link
 * PluginFailure} naming it.
 */
public final class PluginHost {
  /** The type only the shipped plugin may provide. */
  public static final String RESERVED_TYPE = "custom";

  /** The plugin directory the distribution ships the {@code custom} plugin in. */
  public static final String SHIPPED_DIRECTORY = "custom-auth";

  /** The factory class of the shipped {@code custom} plugin. */
  public static final String SHIPPED_FACTORY =
      "io.customauth.plugin.custom.CustomAuthStrategyFactory";

  /** Bounds the providers tried per plugin, so a pathological services file cannot loop forever. */
  private static final int MAX_PROVIDERS_PER_PLUGIN = 64;

  private final ClassLoader spiLoader;

  /** A host sharing the SPI classes that this runner was loaded with. */
  public PluginHost() {
    this(AuthStrategyFactory.class.getClassLoader());
  }

  PluginHost(ClassLoader spiLoader) {
    this.spiLoader = spiLoader;
  }

  /** Loads every plugin under {@code pluginsDirectory}. Never throws for a broken plugin. */
  public PluginCatalog discover(Path pluginsDirectory) {
    Path directory = pluginsDirectory.toAbsolutePath().normalize();
    List<PluginProblem> problems = new ArrayList<>();
    List<LoadedPlugin> found = new ArrayList<>();
    List<URLClassLoader> loaders = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      problems.add(new PluginProblem(directory, "the plugins directory does not exist"));
      return new PluginCatalog(directory, found, problems, loaders);
    }
    for (Path candidate : candidates(directory, problems)) {
      List<Path> jars = jarsOf(candidate, problems);
      if (jars.isEmpty()) {
        continue;
      }
      Optional<String> required = requiredSpi(candidate, jars, problems);
      if (required.isEmpty()) {
        continue;
      }
      URLClassLoader loader = newLoader(candidate, jars);
      List<LoadedPlugin> fromThis =
          withContextLoader(loader, () -> loadFactories(candidate, loader, problems));
      if (!SpiVersion.supports(required.get())) {
        for (LoadedPlugin plugin : fromThis) {
          problems.add(
              new PluginProblem(
                  candidate,
                  "needs SPI "
                      + required.get()
                      + " or later; this import-runner has SPI "
                      + SpiVersion.current()
                      + ": install a newer import-runner",
                  Optional.of(plugin.type())));
        }
        if (fromThis.isEmpty()) {
          problems.add(
              new PluginProblem(
                  candidate,
                  "needs SPI "
                      + required.get()
                      + " or later; this import-runner has SPI "
                      + SpiVersion.current()));
        }
        fromThis = List.of();
      }
      if (fromThis.isEmpty()) {
        closeQuietly(loader);
      } else {
        found.addAll(fromThis);
        loaders.add(loader);
      }
    }
    List<LoadedPlugin> usable = withoutDuplicates(found, problems);
    return new PluginCatalog(directory, usable, sorted(problems), loaders);
  }

  private static List<PluginProblem> sorted(List<PluginProblem> problems) {
    return problems.stream().sorted(Comparator.comparing(PluginProblem::location)).toList();
  }

  private static List<Path> candidates(Path directory, List<PluginProblem> problems) {
    try (Stream<Path> entries = Files.list(directory)) {
      List<Path> candidates = new ArrayList<>();
      for (Path entry : entries.sorted().toList()) {
        if (Files.isDirectory(entry)) {
          candidates.add(entry);
        } else if (isJar(entry)) {
          problems.add(
              new PluginProblem(
                  entry,
                  "a jar directly in the plugins directory is not loaded: put each plugin in a"
                      + " directory of its own, such as "
                      + directory.resolve(pluginName(entry))
                      + "/"));
        }
      }
      return candidates;
    } catch (IOException e) {
      problems.add(new PluginProblem(directory, "cannot list the plugins directory: " + e));
      return List.of();
    }
  }

  private static String pluginName(Path jar) {
    String name = jar.getFileName().toString();
    return name.substring(0, name.length() - ".jar".length());
  }

  /** The jars of a plugin directory, each checked to be a readable jar; empty when skipped. */
  private static List<Path> jarsOf(Path candidate, List<PluginProblem> problems) {
    List<Path> jars;
    try (Stream<Path> entries = Files.list(candidate)) {
      jars = entries.filter(PluginHost::isJar).sorted().toList();
    } catch (IOException e) {
      problems.add(new PluginProblem(candidate, "cannot list the plugin directory: " + e));
      return List.of();
    }
    if (jars.isEmpty()) {
      problems.add(new PluginProblem(candidate, "the plugin directory holds no jar files"));
      return List.of();
    }
    for (Path jar : jars) {
      // URLClassLoader silently ignores a jar it cannot open, which would hide the cause.
      try (JarFile opened = new JarFile(jar.toFile())) {
        // Opening reads the central directory: enough to tell a jar from a corrupt file.
        opened.size();
      } catch (IOException | SecurityException e) {
        problems.add(
            new PluginProblem(
                candidate,
                "the plugin is disabled: its jar "
                    + jar.getFileName()
                    + " is not a readable jar file ("
                    + describe(e)
                    + ")"));
        return List.of();
      }
    }
    return jars;
  }

  /**
   * The newest SPI version any of the plugin's jars asks for in its manifest ({@value
   * SpiVersion#MANIFEST_ATTRIBUTE}), {@code 1.0} when none does; empty (and reported) when one
   * holds something that is not a version.
   */
  private static Optional<String> requiredSpi(
      Path candidate, List<Path> jars, List<PluginProblem> problems) {
    String newest = "1.0";
    for (Path jar : jars) {
      String declared;
      try (JarFile opened = new JarFile(jar.toFile())) {
        Manifest manifest = opened.getManifest();
        declared =
            manifest == null
                ? null
                : manifest.getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE);
      } catch (IOException | SecurityException e) {
        problems.add(
            new PluginProblem(candidate, "cannot read the manifest of " + jar.getFileName()));
        return Optional.empty();
      }
      if (declared == null) {
        continue;
      }
      try {
        if (SpiVersion.compare(declared, newest) > 0) {
          newest = declared.strip();
        }
      } catch (IllegalArgumentException e) {
        problems.add(
            new PluginProblem(
                candidate,
                "the manifest of "
                    + jar.getFileName()
                    + " has a "
                    + SpiVersion.MANIFEST_ATTRIBUTE
                    + " that is not a version: "
                    + e.getMessage()));
        return Optional.empty();
      }
    }
    return Optional.of(newest);
  }

  private URLClassLoader newLoader(Path candidate, List<Path> jars) {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalStateException("a file path is always a valid URL", e);
      }
    }
    return new PluginClassLoader(
        "plugin:" + candidate.getFileName(), urls, new SpiOnlyClassLoader(spiLoader));
  }

  private static List<LoadedPlugin> loadFactories(
      Path candidate, URLClassLoader loader, List<PluginProblem> problems) {
    List<LoadedPlugin> loaded = new ArrayList<>();
    int failures = 0;
    Iterator<AuthStrategyFactory> providers =
        ServiceLoader.load(AuthStrategyFactory.class, loader).iterator();
    // After an error the iterator goes on with the next provider, per ServiceLoader's contract.
    for (int attempt = 0; attempt < MAX_PROVIDERS_PER_PLUGIN; attempt++) {
      String type = null;
      try {
        if (!providers.hasNext()) {
          break;
        }
        AuthStrategyFactory factory = providers.next();
        type = factory.type();
        String version = factory.version();
        if (type == null || type.isBlank()) {
          problems.add(
              new PluginProblem(
                  candidate, factory.getClass().getName() + " reports no type; skipped"));
          failures++;
          continue;
        }
        if (type.equalsIgnoreCase(RESERVED_TYPE)
            && !(candidate.getFileName().toString().equals(SHIPPED_DIRECTORY)
                && factory.getClass().getName().equals(SHIPPED_FACTORY))) {
          problems.add(
              new PluginProblem(
                  candidate,
                  (type.equals(RESERVED_TYPE)
                          ? "type '" + RESERVED_TYPE + "'"
                          : "type '" + type + "' ('" + RESERVED_TYPE + "' in any case)")
                      + " is reserved for the shipped plugin in "
                      + candidate.resolveSibling(SHIPPED_DIRECTORY)
                      + "/; this plugin is skipped: give it a type of its own",
                  Optional.of(type)));
          failures++;
          continue;
        }
        String shownVersion = version == null ? "unknown" : version;
        PluginBoundary boundary = new PluginBoundary(type, shownVersion, candidate, loader);
        AuthStrategyFactory guarded = boundary.guard(factory);
        Optional<ConfigDescription> description = guarded.describeConfig();
        loaded.add(new LoadedPlugin(type, shownVersion, candidate, guarded, loader, description));
      } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
        String reason =
            e instanceof PluginFailure
                ? e.getMessage()
                : describe(e) + PluginBoundary.linkageAdvice(e);
        problems.add(new PluginProblem(candidate, reason, Optional.ofNullable(type)));
        failures++;
      }
    }
    if (loaded.isEmpty() && failures == 0) {
      problems.add(
          new PluginProblem(
              candidate,
              "no "
                  + AuthStrategyFactory.class.getName()
                  + " is listed in META-INF/services; not a plugin"));
    }
    return loaded;
  }

  /** Constructors and static initializers are plugin code too: they see the plugin's loader. */
  private static <T> T withContextLoader(ClassLoader loader, Supplier<T> body) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return body.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static List<LoadedPlugin> withoutDuplicates(
      List<LoadedPlugin> found, List<PluginProblem> problems) {
    Map<String, List<LoadedPlugin>> byType = new LinkedHashMap<>();
    for (LoadedPlugin plugin : found) {
      byType.computeIfAbsent(plugin.type(), type -> new ArrayList<>()).add(plugin);
    }
    List<LoadedPlugin> unique = new ArrayList<>();
    for (Map.Entry<String, List<LoadedPlugin>> entry : byType.entrySet()) {
      List<LoadedPlugin> claimants = entry.getValue();
      if (claimants.size() == 1) {
        unique.add(claimants.get(0));
        continue;
      }
      for (LoadedPlugin claimant : claimants) {
        List<String> others =
            claimants.stream()
                .filter(other -> other != claimant)
                .map(other -> other.location() + "/")
                .toList();
        problems.add(
            new PluginProblem(
                claimant.location(),
                "type '"
                    + entry.getKey()
                    + "' is also provided by "
                    + String.join(" and ", others)
                    + "; neither is used until one of them is removed",
                Optional.of(entry.getKey())));
      }
    }
    return unique;
  }

  /**
   * The exception and its causes: class names, and the messages only of the errors the JDK's own
   * loading raises (a services file naming a missing class, a broken jar, a class compiled for a
   * newer JDK), which name classes and files. Anything else was thrown by the plugin's code, whose
   * message may hold a secret: its class alone.
   */
  static String describe(Throwable error) {
    StringBuilder text = new StringBuilder();
    Throwable current = error;
    for (int depth = 0; current != null && depth < 5; depth++) {
      if (depth > 0) {
        text.append("; caused by ");
      }
      text.append(current.getClass().getName());
      if (current.getMessage() != null && raisedByLoading(current)) {
        text.append(": ").append(current.getMessage());
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return text.toString();
  }

  private static boolean raisedByLoading(Throwable error) {
    return error instanceof ServiceConfigurationError
        || error instanceof LinkageError
        || error instanceof ClassNotFoundException
        || error instanceof IOException;
  }

  private static boolean isJar(Path path) {
    return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
  }

  private static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      // Nothing was loaded from it; an open jar handle is released at exit.
    }
  }
}
