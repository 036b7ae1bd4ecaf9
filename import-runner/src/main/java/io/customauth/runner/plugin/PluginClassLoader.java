package io.customauth.runner.plugin;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A plugin's class loader: its jars, over the SPI-only parent.
 *
 * <p>It also serves the build's class-data sharing training run (see import-runner's pom): JDK 17
 * writes into a dynamic archive only the classes of such a loader that are linked at exit, and
 * links at exit only the classes of the JDK's own loaders. Hibernate Validator, Jackson and
 * HttpClient load hundreds of classes they never link (class literals, annotation types), and every
 * real run would then load, parse and verify them from the jars again. With the system property
 * {@value #TRAINING_PROPERTY} set, {@link #close()} first links every class this loader has loaded
 * (reflection links a class without initialising it), so the archive holds them. Off by default: no
 * real run pays for it.
 */
final class PluginClassLoader extends URLClassLoader {
  /** Set to {@code true} only by the build's training run. */
  static final String TRAINING_PROPERTY = "import-runner.cds-training";

  static {
    registerAsParallelCapable();
  }

  PluginClassLoader(String name, URL[] urls, ClassLoader parent) {
    super(name, urls, parent);
  }

  @Override
  public void close() throws IOException {
    if (Boolean.getBoolean(TRAINING_PROPERTY)) {
      linkLoadedClasses();
    }
    super.close();
  }

  /**
   * Links every class loaded so far from this loader's jars, until linking loads no new ones.
   * Linking can fail for a class whose optional dependencies are absent: it is then left out.
   */
  private void linkLoadedClasses() {
    List<String> names = classNames();
    int linked = -1;
    int count = 0;
    while (count != linked) {
      linked = count;
      count = 0;
      for (String name : names) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded != null) {
          count++;
          try {
            loaded.getDeclaredMethods(); // links, never initialises
          } catch (LinkageError | RuntimeException e) {
            // Not linkable here (an optional dependency is missing): not archived either.
          }
        }
      }
    }
  }

  private List<String> classNames() {
    List<String> names = new ArrayList<>();
    for (URL url : getURLs()) {
      try (JarFile jar = new JarFile(Path.of(url.toURI()).toFile())) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          String entry = entries.nextElement().getName();
          if (entry.endsWith(".class")
              && !entry.startsWith("META-INF/")
              && !entry.endsWith("module-info.class")) {
            names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
          }
        }
      } catch (IOException | URISyntaxException | IllegalArgumentException e) {
        // A jar that cannot be listed again only loses its share of the archive.
      }
    }
    return names;
  }
}
