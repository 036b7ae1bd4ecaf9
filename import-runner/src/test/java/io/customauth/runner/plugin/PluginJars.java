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
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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

  /**
   * A plugin of type "faulty", version 0.9.1, that fails as its auth block's {@code fault} says:
   * {@code validate-throws}, {@code validate-throws-auth} (an AuthException), {@code
   * validate-null-element}, {@code create-throws}, {@code create-null}, {@code credential-throws},
   * {@code credential-error} (an Error), {@code credential-null}, {@code credential-oom}, {@code
   * close-throws}. Every message it throws holds {@link #FAULTY_SECRET}, which must never be shown.
   */
  public static final String FAULTY_FACTORY =
      """
      package faulty;

      import io.customauth.spi.*;
      import java.time.Instant;
      import java.util.*;

      public final class FaultyFactory implements AuthStrategyFactory {
        public String type() { return "faulty"; }

        public String version() { return "0.9.1"; }

        private static void failAt(Map<String, Object> config, String call) {
          Object fault = config.get("fault");
          String message = "the plugin leaks s3cr3t-in-a-message";
          if ((call + "-throws").equals(fault)) {
            throw new IllegalStateException(message, new java.io.IOException(message));
          }
          if ((call + "-throws-auth").equals(fault)) {
            throw AuthException.invalidConfig(List.of(new ConfigViolation("x", message)));
          }
          if ((call + "-error").equals(fault)) {
            throw new NoClassDefFoundError(message);
          }
        }

        public List<ConfigViolation> validate(Map<String, Object> config) {
          failAt(config, "validate");
          List<ConfigViolation> violations = new ArrayList<>();
          if ("validate-null-element".equals(config.get("fault"))) {
            violations.add(null);
          }
          return violations;
        }

        public AuthStrategy create(Map<String, Object> config, AuthContext context) {
          failAt(config, "create");
          if ("create-null".equals(config.get("fault"))) {
            return null;
          }
          return new AuthStrategy() {
            public String type() { return "faulty"; }

            public Credential credential() {
              failAt(config, "credential");
              if ("credential-null".equals(config.get("fault"))) {
                return null;
              }
              if ("credential-oom".equals(config.get("fault"))) {
                throw new OutOfMemoryError("simulated");
              }
              Instant now = context.clock().instant();
              return new Credential("tok-faulty", now.plusSeconds(3600), now.plusSeconds(3000));
            }

            public void apply(Credential credential, OutgoingRequest request) {
              request.setHeader("Authorization", "Bearer " + credential.token());
            }

            public void rejected(Credential credential) {}

            public void close() { failAt(config, "close"); }
          };
        }
      }
      """;

  /**
   * A plugin of type "loaders" that needs its class loader as the context class loader: {@code
   * create} finds its {@code loaders.Greeting} through {@code ServiceLoader.load(Greeting.class)},
   * which uses the context class loader; {@code credential()} fails unless it and a task it gives
   * the scheduler run with the plugin's loader; {@code apply} sets {@code X-Context-Loader} to
   * {@code plugin} or {@code other}. The token is the greeting, {@code hello}.
   */
  public static Path loaderCheckingPlugin(Path jar) throws IOException {
    return jar(
        jar,
        Map.of(
            "loaders.Greeting",
            "package loaders; public interface Greeting { String text(); }",
            "loaders.Hello",
            "package loaders; public final class Hello implements Greeting {"
                + " public String text() { return \"hello\"; } }",
            "loaders.LoaderCheckingFactory",
            LOADER_CHECKING_FACTORY),
        "loaders.LoaderCheckingFactory",
        Map.of("META-INF/services/loaders.Greeting", "loaders.Hello\n"));
  }

  private static final String LOADER_CHECKING_FACTORY =
      """
      package loaders;

      import io.customauth.spi.*;
      import java.time.Instant;
      import java.util.*;
      import java.util.concurrent.*;

      public final class LoaderCheckingFactory implements AuthStrategyFactory {
        private static boolean ownLoader() {
          return Thread.currentThread().getContextClassLoader()
              == LoaderCheckingFactory.class.getClassLoader();
        }

        public String type() { return "loaders"; }

        public String version() { return "1.0"; }

        public List<ConfigViolation> validate(Map<String, Object> config) {
          return ownLoader()
              ? List.of()
              : List.of(new ConfigViolation("", "validate() ran with another context loader"));
        }

        public AuthStrategy create(Map<String, Object> config, AuthContext context) {
          Greeting greeting =
              ServiceLoader.load(Greeting.class)
                  .findFirst()
                  .orElseThrow(() -> new IllegalStateException("no Greeting service found"));
          return new AuthStrategy() {
            public String type() { return "loaders"; }

            public Credential credential() {
              if (!ownLoader()) {
                throw new IllegalStateException("credential() ran with another context loader");
              }
              try {
                boolean inTask =
                    context.scheduler().schedule(() -> ownLoader(), 0, TimeUnit.SECONDS)
                        .get(30, TimeUnit.SECONDS);
                if (!inTask) {
                  throw new IllegalStateException("a scheduler task ran with another loader");
                }
              } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new IllegalStateException(e);
              }
              Instant now = context.clock().instant();
              return new Credential(greeting.text(), now.plusSeconds(3600), now.plusSeconds(3000));
            }

            public void apply(Credential credential, OutgoingRequest request) {
              request.setHeader("X-Context-Loader", ownLoader() ? "plugin" : "other");
            }

            public void rejected(Credential credential) {}

            public void close() {}
          };
        }
      }
      """;

  private PluginJars() {}

  /** A jar of the "faulty" test plugin. */
  public static Path faultyPlugin(Path jar) throws IOException {
    return jar(jar, Map.of("faulty.FaultyFactory", FAULTY_FACTORY), "faulty.FaultyFactory");
  }

  /** What a plugin failure adds when the plugin threw a {@link LinkageError}. */
  public static final String LINKAGE_ADVICE =
      " (a class of the plugin could not be loaded: its jars may be damaged or incomplete, or"
          + " built for another Java or SPI version; reinstalling the plugin may fix it)";

  /**
   * Rewrites {@code jar} with the class file {@code entry} damaged (its magic number zeroed), as a
   * bad copy of a stored jar leaves it: the JDK reads a stored entry without checking its CRC, so
   * the damage shows only when the class is defined, as a {@link ClassFormatError}.
   */
  public static void damageClass(Path jar, String entry) throws IOException {
    Path damaged = jar.resolveSibling(jar.getFileName() + ".damaged");
    boolean found = false;
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile());
        java.util.zip.ZipOutputStream out =
            new java.util.zip.ZipOutputStream(Files.newOutputStream(damaged))) {
      for (java.util.zip.ZipEntry original : zip.stream().toList()) {
        byte[] content = zip.getInputStream(original).readAllBytes();
        if (original.getName().equals(entry)) {
          java.util.Arrays.fill(content, 0, 4, (byte) 0); // no longer 0xCAFEBABE
          found = true;
        }
        out.putNextEntry(new java.util.zip.ZipEntry(original.getName()));
        out.write(content);
        out.closeEntry();
      }
    }
    assertThat(found).as(entry + " in " + jar).isTrue();
    Files.move(damaged, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** The text every exception of the "faulty" plugin carries in its message. */
  public static final String FAULTY_SECRET = "s3cr3t-in-a-message";

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
    return jar(jar, sources, provider, Map.of());
  }

  /** {@link #jar(Path, Map, String)} with more {@code resources} (path in the jar to content). */
  public static Path jar(
      Path jar, Map<String, String> sources, String provider, Map<String, String> resources)
      throws IOException {
    Map<String, byte[]> classFiles = compiled(sources);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("META-INF/services/" + AuthStrategyFactory.class.getName()));
      out.write((provider + "\n").getBytes(UTF_8));
      out.closeEntry();
      for (Map.Entry<String, String> resource : resources.entrySet()) {
        out.putNextEntry(new JarEntry(resource.getKey()));
        out.write(resource.getValue().getBytes(UTF_8));
        out.closeEntry();
      }
      for (Map.Entry<String, byte[]> classFile : classFiles.entrySet()) {
        out.putNextEntry(new JarEntry(classFile.getKey()));
        out.write(classFile.getValue());
        out.closeEntry();
      }
    }
    return jar;
  }

  /**
   * The class files {@code sources} compile to, by path in a jar. Compiled once per JVM for each
   * set of sources: many tests build the same plugin in their {@code @BeforeEach}, and javac was
   * most of their time. Every call still writes a jar of its own.
   */
  private static Map<String, byte[]> compiled(Map<String, String> sources) throws IOException {
    Map<String, String> key = Map.copyOf(sources);
    Map<String, byte[]> cached = COMPILED.get(key);
    if (cached == null) {
      cached = compileToMap(key);
      COMPILED.putIfAbsent(key, cached);
    }
    return cached;
  }

  /** Compiled class files (path in a jar to bytes, never modified), by their sources. */
  private static final Map<Map<String, String>, Map<String, byte[]>> COMPILED =
      new ConcurrentHashMap<>();

  private static Map<String, byte[]> compileToMap(Map<String, String> sources) throws IOException {
    if (sources.isEmpty()) {
      return Map.of();
    }
    // Built outside the jar's directory, which may be a plugins directory under test.
    Path work = Files.createTempDirectory("plugin-build-");
    Path sourceDir = work.resolve("src");
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    try {
      for (Map.Entry<String, String> source : sources.entrySet()) {
        Path file = sourceDir.resolve(source.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.getValue(), UTF_8);
      }
      compile(sourceDir, classes);
      Map<String, byte[]> classFiles = new TreeMap<>();
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path classFile : files.filter(Files::isRegularFile).toList()) {
          classFiles.put(
              classes.relativize(classFile).toString().replace('\\', '/'),
              Files.readAllBytes(classFile));
        }
      }
      return Collections.unmodifiableMap(classFiles);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
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
