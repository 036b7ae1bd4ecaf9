package io.customauth.runner.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/build/StoredJars.java}, which the build runs on the distribution's plugin directory
 * (and fails when it fails), on real plugin jars.
 */
class StoredJarsTest {
  private static final Path TOOL = Path.of("src/build/StoredJars.java").toAbsolutePath();

  @TempDir Path dir;

  /**
   * The tool's {@code main}, compiled once from its source with the JDK's compiler (its single-file
   * launch, as the build runs it, compiles in memory on every start: seconds per test).
   */
  private static Method main;

  @BeforeAll
  static void compileTool(@TempDir Path classes) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(null, null, null, "-d", classes.toString(), "--release", "17", TOOL.toString());
    assertThat(status).as("javac " + TOOL).isZero();
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    main = loader.loadClass("StoredJars").getMethod("main", String[].class);
  }

  private static void run(Path directory) throws Throwable {
    try {
      main.invoke(null, (Object) new String[] {directory.toString()});
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Every entry's name and content, in the jar's order, and whether any is deflated. */
  private static Map<String, byte[]> entries(Path jar, List<Integer> methods) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : zip.stream().toList()) {
        try (InputStream in = zip.getInputStream(entry)) {
          entries.put(entry.getName(), in.readAllBytes());
        }
        methods.add(entry.getMethod());
      }
    }
    return entries;
  }

  @Test
  void rewritesEveryJarStoredWithTheSameEntriesInTheSameOrderAndThePluginStillLoads()
      throws Throwable {
    Path plugin = Files.createDirectories(dir.resolve("plugins/static"));
    Path jar = PluginJars.staticPlugin(plugin.resolve("static.jar"));
    Path other =
        PluginJars.jar(
            plugin.resolve("resources.jar"),
            Map.of(),
            "statictoken.StaticTokenFactory", // ServiceLoader ignores a provider named twice
            Map.of("notes/readme.txt", "x".repeat(10_000)));
    List<Integer> before = new ArrayList<>();
    Map<String, byte[]> original = entries(jar, before);
    Map<String, byte[]> originalOther = entries(other, new ArrayList<>());
    assertThat(before).as("the test's jar starts deflated").contains(ZipEntry.DEFLATED);

    run(plugin);

    List<Integer> after = new ArrayList<>();
    Map<String, byte[]> rewritten = entries(jar, after);
    assertThat(after).containsOnly(ZipEntry.STORED);
    assertThat(rewritten.keySet()).containsExactlyElementsOf(original.keySet());
    original.forEach((name, bytes) -> assertThat(rewritten.get(name)).as(name).isEqualTo(bytes));
    Map<String, byte[]> rewrittenOther = entries(other, new ArrayList<>());
    assertThat(rewrittenOther.get("notes/readme.txt"))
        .isEqualTo(originalOther.get("notes/readme.txt"));
    assertThat(Files.list(plugin)).as("no temporary file left").hasSize(2);

    try (PluginCatalog catalog = new PluginHost().discover(dir.resolve("plugins"))) {
      assertThat(catalog.problems()).isEmpty();
      assertThat(catalog.types()).containsExactly("static");
    }

    FileTime written = Files.getLastModifiedTime(jar);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(written.toMillis() - 60_000));
    run(plugin);
    assertThat(Files.getLastModifiedTime(jar))
        .as("a stored jar is left as it is")
        .isEqualTo(FileTime.fromMillis(written.toMillis() - 60_000));
  }

  @Test
  void aFileThatIsNoJarFailsTheBuildAndIsLeftAsItWas() throws Exception {
    Path plugin = Files.createDirectories(dir.resolve("plugins/broken"));
    Path broken = Files.writeString(plugin.resolve("broken.jar"), "not a zip");

    assertThatThrownBy(() -> run(plugin))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(broken + " cannot be rewritten stored");
    assertThat(Files.readString(broken)).isEqualTo("not a zip");
    assertThat(Files.list(plugin)).as("no temporary file left").hasSize(1);
  }

  @Test
  void aMissingDirectoryIsAUsageError() throws Exception {
    assertThatThrownBy(() -> run(dir.resolve("nowhere")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("usage: java StoredJars.java DIRECTORY_OF_JARS");
  }
}
