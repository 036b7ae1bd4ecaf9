package io.customauth.runner.plugin;

import io.customauth.spi.AuthStrategyFactory;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds auth plugins in a plugins directory. Each sub-directory is one plugin made of every jar in
 * it; a jar directly in the plugins directory is a plugin on its own. Each plugin gets its own
 * class loader whose parent exposes only the JDK and the SPI package (see {@link
 * SpiOnlyClassLoader}).
 *
 * <p>A plugin that cannot be loaded (unreadable jar, missing class, throwing constructor or static
 * initializer) is reported as a {@link PluginProblem} and skipped: it never stops the others or the
 * host. Two plugins claiming the same type are both skipped, because picking one would be a guess.
 *
 * <p>Each plugin's factory comes behind a guard (see {@link LoadedPlugin#factory()}): every call
 * into the plugin's code, on any thread, runs with the plugin's class loader as the thread's
 * context class loader, as Kafka Connect's {@code LoaderSwap} does, and a plugin's bug is a {@link
 * PluginFailure} naming it.
 */
public final class PluginHost {
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
      URLClassLoader loader = newLoader(candidate, jars);
      List<LoadedPlugin> fromThis =
          withContextLoader(loader, () -> loadFactories(candidate, loader, problems));
      if (fromThis.isEmpty()) {
        closeQuietly(loader);
      } else {
        found.addAll(fromThis);
        loaders.add(loader);
      }
    }
    return new PluginCatalog(directory, withoutDuplicates(found, problems), problems, loaders);
  }

  private static List<Path> candidates(Path directory, List<PluginProblem> problems) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(entry -> Files.isDirectory(entry) || isJar(entry)).sorted().toList();
    } catch (IOException e) {
      problems.add(new PluginProblem(directory, "cannot list the plugins directory: " + e));
      return List.of();
    }
  }

  /** The jars of a plugin, each checked to be a readable jar; empty when the plugin is skipped. */
  private static List<Path> jarsOf(Path candidate, List<PluginProblem> problems) {
    List<Path> jars;
    if (Files.isDirectory(candidate)) {
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
    } else {
      jars = List.of(candidate);
    }
    for (Path jar : jars) {
      // URLClassLoader silently ignores a jar it cannot open, which would hide the cause.
      try (JarFile opened = new JarFile(jar.toFile())) {
        // Opening reads the central directory: enough to tell a jar from a corrupt file.
        opened.size();
      } catch (IOException | SecurityException e) {
        problems.add(new PluginProblem(jar, "not a readable jar file: " + describe(e)));
        return List.of();
      }
    }
    return jars;
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
    return new URLClassLoader(
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
      try {
        if (!providers.hasNext()) {
          break;
        }
        AuthStrategyFactory factory = providers.next();
        String type = factory.type();
        String version = factory.version();
        if (type == null || type.isBlank()) {
          problems.add(
              new PluginProblem(
                  candidate, factory.getClass().getName() + " reports no type; skipped"));
          failures++;
          continue;
        }
        String shownVersion = version == null ? "unknown" : version;
        PluginBoundary boundary = new PluginBoundary(type, shownVersion, candidate, loader);
        loaded.add(
            new LoadedPlugin(type, shownVersion, candidate, boundary.guard(factory), loader));
      } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
        problems.add(new PluginProblem(candidate, describe(e)));
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
      List<String> locations =
          claimants.stream().map(plugin -> plugin.location().toString()).toList();
      for (LoadedPlugin claimant : claimants) {
        problems.add(
            new PluginProblem(
                claimant.location(),
                "type '"
                    + entry.getKey()
                    + "' is provided by more than one plugin: "
                    + String.join(" and ", locations)
                    + "; none of them is used until all but one are removed"));
      }
    }
    return unique;
  }

  /**
   * The exception and its causes, class names and messages: plugin load errors carry no secrets.
   */
  static String describe(Throwable error) {
    StringBuilder text = new StringBuilder();
    Throwable current = error;
    for (int depth = 0; current != null && depth < 5; depth++) {
      if (depth > 0) {
        text.append("; caused by ");
      }
      text.append(current.getClass().getName());
      if (current.getMessage() != null) {
        text.append(": ").append(current.getMessage());
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return text.toString();
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
