package io.customauth.spi.compat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A copy of this module's SPI sources with deliberate edits, compiled into a jar the way the build
 * compiles the real one ({@code --release 17 -parameters}).
 */
final class EditedSpi {
  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Path PACKAGE = Path.of("io", "customauth", "spi");

  private final Path root;
  private final Path sources;

  private EditedSpi(Path root) throws IOException {
    this.root = root;
    this.sources = root.resolve("src");
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path copy = sources.resolve(SOURCES.relativize(file).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
      }
    }
  }

  /** The SPI as it is in this worktree, copied under {@code dir}. */
  static EditedSpi copyTo(Path dir) throws IOException {
    return new EditedSpi(dir);
  }

  /** Replaces the one occurrence of {@code from} in {@code file} (of the SPI package). */
  EditedSpi replace(String file, String from, String to) throws IOException {
    Path path = sources.resolve(PACKAGE).resolve(file);
    String text = Files.readString(path, UTF_8);
    int at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) {
      throw new IllegalArgumentException(file + " does not contain exactly one: " + from);
    }
    Files.writeString(path, text.replace(from, to), UTF_8);
    return this;
  }

  /** Adds a source file to the SPI package. */
  EditedSpi add(String file, String source) throws IOException {
    Files.writeString(sources.resolve(PACKAGE).resolve(file), source, UTF_8);
    return this;
  }

  /** Compiles the edited SPI and returns its jar; fails with javac's messages if it does not. */
  Path jar() throws IOException {
    Path classes = Files.createDirectories(root.resolve("classes"));
    List<String> args =
        new ArrayList<>(List.of("--release", "17", "-parameters", "-d", classes.toString()));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac.run(null, messages, messages, args.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("the edited SPI does not compile:\n" + messages);
    }
    Path jar = root.resolve("connector-spi-edited.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      for (Path classFile : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(classFile));
        out.closeEntry();
      }
    }
    return jar;
  }
}
