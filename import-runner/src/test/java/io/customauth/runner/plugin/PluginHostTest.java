package io.customauth.runner.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {
  private static final String HTTP_CLIENT = "org.apache.hc.client5.http.classic.HttpClient";
  private static final String FACTORY_BODY =
      """
        public String type() { return "%s"; }
        public java.util.List<io.customauth.spi.ConfigViolation> validate(
            java.util.Map<String, Object> config) { return java.util.List.of(); }
        public io.customauth.spi.AuthStrategy create(
            java.util.Map<String, Object> config, io.customauth.spi.AuthContext context) {
          throw new UnsupportedOperationException();
        }
      """;

  @TempDir Path plugins;

  @BeforeEach
  void installStaticPlugin() throws IOException {
    Files.createDirectories(plugins.resolve("static"));
    PluginJars.staticPlugin(plugins.resolve("static/static-plugin.jar"));
  }

  @Test
  void findsTypeVersionAndLocationOfAPluginDirectory() {
    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.plugins())
          .singleElement()
          .satisfies(
              plugin -> {
                assertThat(plugin.type()).isEqualTo("static");
                assertThat(plugin.version()).isEqualTo("1.2.3");
                assertThat(plugin.location()).isEqualTo(plugins.resolve("static"));
              });
      assertThat(catalog.problems()).isEmpty();
    }
  }

  @Test
  void loadsTheRealCustomPluginFromItsUnpackedZip() {
    try (PluginCatalog catalog = new PluginHost().discover(PluginJars.REAL_PLUGINS)) {
      assertThat(catalog.problems()).isEmpty();
      assertThat(catalog.find("custom"))
          .hasValueSatisfying(
              plugin ->
                  assertThat(plugin.location())
                      .isEqualTo(PluginJars.REAL_PLUGINS.resolve("custom-auth")));
    }
  }

  @Test
  void pluginsCannotSeeEachOthersClassesNorTheRunnersButShareTheSpi() throws Exception {
    copyRealPluginTo(plugins.resolve("custom-auth"));
    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      ClassLoader custom = catalog.find("custom").orElseThrow().classLoader();
      ClassLoader second = catalog.find("static").orElseThrow().classLoader();
      String customFactory = "io.customauth.plugin.custom.CustomAuthStrategyFactory";
      assertThat(custom.loadClass(customFactory).getClassLoader()).isSameAs(custom);

      assertThatThrownBy(() -> custom.loadClass("statictoken.StaticTokenFactory"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> second.loadClass(customFactory))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> second.loadClass(HTTP_CLIENT))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> custom.loadClass("picocli.CommandLine"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> custom.loadClass("io.customauth.runner.plugin.PluginHost"))
          .isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void theCustomPluginUsesItsOwnHttpClientAndJacksonNotTheRunners() throws Exception {
    copyRealPluginTo(plugins.resolve("custom-auth"));
    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      ClassLoader custom = catalog.find("custom").orElseThrow().classLoader();
      for (String name :
          new String[] {HTTP_CLIENT, "com.fasterxml.jackson.databind.ObjectMapper"}) {
        Class<?> pluginCopy = custom.loadClass(name);
        assertThat(pluginCopy.getClassLoader()).as(name).isSameAs(custom);
        assertThat(pluginCopy).as(name).isNotSameAs(Class.forName(name));
      }
    }
  }

  @Test
  void pluginsShareTheHostsSpiTypes() throws Exception {
    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      ClassLoader second = catalog.find("static").orElseThrow().classLoader();
      assertThat(second.loadClass("io.customauth.spi.AuthStrategyFactory"))
          .isSameAs(io.customauth.spi.AuthStrategyFactory.class);
    }
  }

  @Test
  void reportsACorruptJarWithItsPathAndLoadsTheOthers() throws IOException {
    Path corrupt = Files.write(plugins.resolve("corrupt.jar"), new byte[] {1, 2, 3, 4, 5, 6});
    assertSkippedWhileTheOthersLoad(corrupt, "not a readable jar");
  }

  @Test
  void reportsAServicesEntryWhoseClassIsMissingAndLoadsTheOthers() throws IOException {
    Path jar = PluginJars.jar(plugins.resolve("missing-class.jar"), Map.of(), "missing.NoFactory");
    assertSkippedWhileTheOthersLoad(jar, "missing.NoFactory", "not found");
  }

  @Test
  void reportsAFactoryWhoseConstructorThrowsAndLoadsTheOthers() throws IOException {
    Path jar =
        PluginJars.jar(
            plugins.resolve("bad-constructor.jar"),
            Map.of(
                "broken.ThrowingConstructor",
                factory(
                    "ThrowingConstructor",
                    "public ThrowingConstructor() { throw new IllegalStateException(\"ctor"
                        + " refuses\"); }",
                    "broken")),
            "broken.ThrowingConstructor");
    assertSkippedWhileTheOthersLoad(jar, "broken.ThrowingConstructor", "ctor refuses");
  }

  @Test
  void reportsAFactoryWhoseStaticInitializerThrowsAndLoadsTheOthers() throws IOException {
    Path jar =
        PluginJars.jar(
            plugins.resolve("bad-static-init.jar"),
            Map.of(
                "broken.ThrowingStaticInit",
                factory(
                    "ThrowingStaticInit",
                    "static { if (Boolean.parseBoolean(\"true\")) throw new"
                        + " IllegalStateException(\"static init refuses\"); }",
                    "broken2")),
            "broken.ThrowingStaticInit");
    assertSkippedWhileTheOthersLoad(jar, "ExceptionInInitializerError", "static init refuses");
  }

  @Test
  void twoPluginsClaimingOneTypeAreReportedNamingBothAndNeitherIsUsed() throws IOException {
    Files.createDirectories(plugins.resolve("static-copy"));
    PluginJars.staticPlugin(plugins.resolve("static-copy/static-plugin.jar"));
    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.find("static")).isEmpty();
      assertThat(catalog.problems())
          .isNotEmpty()
          .allSatisfy(
              problem ->
                  assertThat(problem.reason())
                      .contains("'static'")
                      .contains(plugins.resolve("static").toString())
                      .contains(plugins.resolve("static-copy").toString()));
    }
  }

  @Test
  void aMissingPluginsDirectoryIsAProblemNotACrash() {
    Path absent = plugins.resolve("nowhere");
    try (PluginCatalog catalog = new PluginHost().discover(absent)) {
      assertThat(catalog.plugins()).isEmpty();
      assertThat(catalog.problems())
          .singleElement()
          .satisfies(problem -> assertThat(problem.location()).isEqualTo(absent));
    }
  }

  @Test
  void aDirectoryWithoutAFactoryIsReportedAsNotAPlugin() throws IOException {
    Path empty = Files.createDirectories(plugins.resolve("not-a-plugin"));
    PluginJars.jar(empty.resolve("lib.jar"), Map.of(), "");
    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.problems())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.location()).isEqualTo(empty);
                assertThat(problem.reason()).contains("not a plugin");
              });
    }
  }

  private static String factory(String simpleName, String member, String packageName) {
    return "package broken;\n"
        + "public final class "
        + simpleName
        + " implements io.customauth.spi.AuthStrategyFactory {\n"
        + member
        + "\n"
        + FACTORY_BODY.formatted(packageName)
        + "}\n";
  }

  /** Exactly one problem, at {@code location}, whose reason names each of {@code reasonParts}. */
  private void assertSkippedWhileTheOthersLoad(Path location, String... reasonParts) {
    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.problems())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.location()).isEqualTo(location);
                assertThat(problem.reason()).contains(reasonParts);
              });
      assertThat(catalog.types()).containsExactly("static");
    }
  }

  static void copyRealPluginTo(Path target) throws IOException {
    Path source = PluginJars.REAL_PLUGINS.resolve("custom-auth");
    Files.createDirectories(target);
    try (Stream<Path> jars = Files.list(source)) {
      for (Path jar : jars.toList()) {
        Files.copy(jar, target.resolve(jar.getFileName()));
      }
    }
  }
}
