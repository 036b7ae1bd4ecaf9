package io.customauth.runner.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.spi.AuthStrategyFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars during a test: sources compiled with the JDK's compiler against the SPI,
 * packed with a {@code META-INF/services} entry. Shared by the tests of every package.
 */
public final class PluginJars {
  /** Where the build unpacks the real custom-auth plugin zip (see the module's pom). */
  public static final Path TEST_HOME = Path.of("target/test-home").toAbsolutePath();

  public static final Path REAL_PLUGINS = TEST_HOME.resolve("plugins");

  public static final String STATIC_FACTORY =
      """
      package statictoken;

      import io.customauth.spi.*;
      import java.time.Instant;
      import java.util.*;

      /** A plugin serving a configured token, resolved through the host's secret resolver. */
      public final class StaticTokenFactory implements AuthStrategyFactory {
        public String type() { return "static"; }

        public String version() { return "1.2.3"; }

        public List<ConfigViolation> validate(Map<String, Object> config) {
          List<ConfigViolation> violations = new ArrayList<>();
          for (String key : config.keySet()) {
            if (!key.equals("type") && !key.equals("token")) {
              violations.add(new ConfigViolation(key, "unknown field"));
            }
          }
          if (!(config.get("token") instanceof String)) {
            violations.add(new ConfigViolation("token", "is required"));
          }
          return violations;
        }

        public AuthStrategy create(Map<String, Object> config, AuthContext context) {
          List<ConfigViolation> violations = validate(config);
          if (!violations.isEmpty()) {
            throw AuthException.invalidConfig(violations);
          }
          String configured = (String) config.get("token");
          return new AuthStrategy() {
            public String type() { return "static"; }

            public Credential credential() {
              String token = context.secrets().resolve("token", configured);
              Instant now = context.clock().instant();
              Credential credential =
                  new Credential(token, now.plusSeconds(3600), now.plusSeconds(3000));
              context.logger().log(System.Logger.Level.INFO, "static token served");
              context.credentialRefreshed(credential);
              return credential;
            }

            public void apply(Credential credential, OutgoingRequest request) {
              request.setHeader("Authorization", "Bearer " + credential.token());
            }

            public void rejected(Credential credential) {}

            public void close() {}
          };
        }
      }
      """;

  private PluginJars() {}

  /** A jar of the "static" test plugin. */
  public static Path staticPlugin(Path jar) throws IOException {
    return jar(
        jar,
        Map.of("statictoken.StaticTokenFactory", STATIC_FACTORY),
        "statictoken.StaticTokenFactory");
  }

  /**
   * Compiles {@code sources} (class name to source) against the SPI and packs them into {@code
   * jar}, listing {@code provider} in the services file.
   */
  public static Path jar(Path jar, Map<String, String> sources, String provider)
      throws IOException {
    // Built outside the jar's directory, which may be a plugins directory under test.
    Path work = Files.createTempDirectory("plugin-build-");
    Path sourceDir = work.resolve("src");
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = sourceDir.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue(), UTF_8);
    }
    if (!sources.isEmpty()) {
      compile(sourceDir, classes);
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("META-INF/services/" + AuthStrategyFactory.class.getName()));
      out.write((provider + "\n").getBytes(UTF_8));
      out.closeEntry();
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path classFile : files.filter(Files::isRegularFile).toList()) {
          out.putNextEntry(
              new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
          out.write(Files.readAllBytes(classFile));
          out.closeEntry();
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    return jar;
  }

  private static void compile(Path sourceDir, Path classes) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<String> sourceFiles;
    try (Stream<Path> files = Files.walk(sourceDir)) {
      sourceFiles =
          files.filter(path -> path.toString().endsWith(".java")).map(Path::toString).toList();
    }
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    List<String> arguments =
        Stream.concat(
                Stream.of(
                    "--release", "17", "-classpath", spiJar().toString(), "-d", classes.toString()),
                sourceFiles.stream())
            .toList();
    int status = compiler.run(null, diagnostics, diagnostics, arguments.toArray(String[]::new));
    assertThat(status).as("compiling a test plugin: %s", diagnostics.toString(UTF_8)).isZero();
  }

  /** The SPI classes the runner itself uses: a jar, or a classes directory in the reactor. */
  private static Path spiJar() {
    try {
      return Path.of(
          AuthStrategyFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
