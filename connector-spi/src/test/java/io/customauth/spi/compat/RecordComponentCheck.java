package io.customauth.spi.compat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;

/**
 * What japicmp cannot see in a record: components of the same type swapped or renamed in place
 * leave the canonical constructor's signature as it was, so a plugin's {@code new Credential(token,
 * expiresAt, refreshAt)} still links but now passes its values into the wrong components.
 */
final class RecordComponentCheck {
  private RecordComponentCheck() {}

  /**
   * For every record of {@code oldJar} whose canonical constructor has the same parameter types in
   * {@code newClasses} (a jar or a class directory), the component names that differ in order;
   * empty when every such record keeps them.
   */
  static List<String> reorderedComponents(Path oldJar, Path newClasses) throws IOException {
    List<String> problems = new ArrayList<>();
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    try (JarFile jar = new JarFile(oldJar.toFile());
        URLClassLoader before = new URLClassLoader(new URL[] {url(oldJar)}, platform);
        URLClassLoader after = new URLClassLoader(new URL[] {url(newClasses)}, platform)) {
      for (String entry : jar.stream().map(e -> e.getName()).toList()) {
        if (!entry.endsWith(".class") || entry.endsWith("module-info.class")) {
          continue;
        }
        String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        Class<?> old = before.loadClass(name);
        if (!old.isRecord()) {
          continue;
        }
        Class<?> current;
        try {
          current = after.loadClass(name);
        } catch (ClassNotFoundException removed) {
          continue; // japicmp reports a removed class
        }
        if (current.isRecord()
            && Arrays.equals(types(old), types(current))
            && !names(old).equals(names(current))) {
          problems.add(name + ": components " + names(old) + " are now " + names(current));
        }
      }
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the jar lists a class it cannot load", e);
    }
    return problems;
  }

  private static Class<?>[] types(Class<?> record) {
    return Arrays.stream(record.getRecordComponents())
        .map(RecordComponent::getType)
        .toArray(Class<?>[]::new);
  }

  private static List<String> names(Class<?> record) {
    return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
  }

  private static URL url(Path path) throws IOException {
    return path.toUri().toURL();
  }
}
