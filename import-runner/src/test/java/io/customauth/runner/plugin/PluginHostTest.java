package io.customauth.runner.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.customauth.spi.SpiVersion;
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
  void aFactoryClassThatCannotBeLoadedSkipsThePluginAndSuggestsReinstallingIt() throws IOException {
    PluginJars.damageClass(
        plugins.resolve("static/static-plugin.jar"), "statictoken/StaticTokenFactory.class");

    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.plugins()).isEmpty();
      assertThat(catalog.problems())
          .singleElement()
          .satisfies(
              problem ->
                  assertThat(problem.reason())
                      .contains("java.lang.ClassFormatError")
                      .endsWith(PluginJars.LINKAGE_ADVICE));
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
  void aCorruptJarBesideAGoodOneDisablesItsPluginDirectoryNamingIt() throws IOException {
    Path plugin = Files.createDirectories(plugins.resolve("faulty"));
    PluginJars.faultyPlugin(plugin.resolve("faulty.jar"));
    Files.write(plugin.resolve("extra-lib.jar"), new byte[] {1, 2, 3, 4, 5, 6});
    assertSkippedWhileTheOthersLoad(
        plugin, "the plugin is disabled", "extra-lib.jar", "not a readable jar");
  }

  @Test
  void aJarLyingDirectlyInThePluginsDirectoryIsReportedAndSkipped() throws IOException {
    Path jar = PluginJars.faultyPlugin(plugins.resolve("faulty.jar"));
    assertSkippedWhileTheOthersLoad(
        jar, "directly in the plugins directory", plugins.resolve("faulty") + "/");
  }

  @Test
  void reportsAServicesEntryWhoseClassIsMissingAndLoadsTheOthers() throws IOException {
    Path plugin = Files.createDirectories(plugins.resolve("missing-class"));
    PluginJars.jar(plugin.resolve("missing-class.jar"), Map.of(), "missing.NoFactory");
    assertSkippedWhileTheOthersLoad(plugin, "missing.NoFactory", "not found");
  }

  @Test
  void aThirdPartyPluginClaimingCustomIsSkippedAndTheShippedOneKeepsWorking() throws IOException {
    copyRealPluginTo(plugins.resolve("custom-auth"));
    Path impostor = Files.createDirectories(plugins.resolve("acme-custom"));
    PluginJars.jar(
        impostor.resolve("acme.jar"),
        Map.of(
            "statictoken.StaticTokenFactory",
            PluginJars.STATIC_FACTORY.replace("return \"static\";", "return \"custom\";")),
        "statictoken.StaticTokenFactory");

    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.find("custom").orElseThrow().location())
          .isEqualTo(plugins.resolve("custom-auth"));
      assertThat(catalog.problems())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.location()).isEqualTo(impostor);
                assertThat(problem.reason())
                    .contains("'custom' is reserved for the shipped plugin");
              });
    }
  }

  @Test
  void theReservedTypeIsReservedInAnyCase() throws IOException {
    copyRealPluginTo(plugins.resolve("custom-auth"));
    Path impostor = Files.createDirectories(plugins.resolve("shouting"));
    PluginJars.jar(
        impostor.resolve("shouting.jar"),
        Map.of(
            "statictoken.StaticTokenFactory",
            PluginJars.STATIC_FACTORY.replace("return \"static\";", "return \"CUSTOM\";")),
        "statictoken.StaticTokenFactory");

    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.find("CUSTOM")).isEmpty();
      assertThat(catalog.find("custom").orElseThrow().location())
          .isEqualTo(plugins.resolve("custom-auth"));
      assertThat(catalog.whyDisabled("CUSTOM").orElseThrow())
          .contains("'CUSTOM' ('custom' in any case) is reserved for the shipped plugin");
      assertThat(catalog.problems())
          .singleElement()
          .satisfies(problem -> assertThat(problem.location()).isEqualTo(impostor));
    }
  }

  @Test
  void thePluginOfTheShippedDirectoryMustBeTheShippedFactoryToClaimCustom() throws IOException {
    Path lookalike = Files.createDirectories(plugins.resolve("custom-auth"));
    PluginJars.jar(
        lookalike.resolve("acme.jar"),
        Map.of(
            "statictoken.StaticTokenFactory",
            PluginJars.STATIC_FACTORY.replace("return \"static\";", "return \"custom\";")),
        "statictoken.StaticTokenFactory");

    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.find("custom")).isEmpty();
      assertThat(catalog.whyDisabled("custom").orElseThrow()).contains("reserved");
    }
  }

  @Test
  void aPluginNeedingANewerSpiIsSkippedAndItsTypeIsDisabledWithTheReason() throws IOException {
    Path plugin = Files.createDirectories(plugins.resolve("future"));
    PluginJars.jar(
        plugin.resolve("future.jar"),
        Map.of(
            "statictoken.StaticTokenFactory",
            PluginJars.STATIC_FACTORY.replace("return \"static\";", "return \"future\";")),
        "statictoken.StaticTokenFactory",
        Map.of(
            "META-INF/MANIFEST.MF",
            "Manifest-Version: 1.0\r\n" + SpiVersion.MANIFEST_ATTRIBUTE + ": 9.0\r\n\r\n"));

    assertSkippedWhileTheOthersLoad(plugin, "needs SPI 9.0 or later", "has SPI 1.1");
    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.whyDisabled("future").orElseThrow()).contains("needs SPI 9.0");
    }
  }

  @Test
  void aPluginDeclaringTheCurrentSpiLoads() throws IOException {
    Path plugin = Files.createDirectories(plugins.resolve("current"));
    PluginJars.jar(
        plugin.resolve("current.jar"),
        Map.of(
            "statictoken.StaticTokenFactory",
            PluginJars.STATIC_FACTORY.replace("return \"static\";", "return \"current\";")),
        "statictoken.StaticTokenFactory",
        Map.of(
            "META-INF/MANIFEST.MF",
            "Manifest-Version: 1.0\r\n"
                + SpiVersion.MANIFEST_ATTRIBUTE
                + ": "
                + SpiVersion.CURRENT
                + "\r\n\r\n"));

    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.types()).containsExactly("current", "static");
      assertThat(catalog.problems()).isEmpty();
    }
  }

  @Test
  void aPluginWhoseDescribeConfigThrowsIsSkippedNamingIt() throws IOException {
    Path plugin = Files.createDirectories(plugins.resolve("undescribable"));
    PluginJars.jar(
        plugin.resolve("u.jar"),
        Map.of(
            "statictoken.StaticTokenFactory",
            PluginJars.STATIC_FACTORY
                .replace("return \"static\";", "return \"undescribable\";")
                .replace(
                    "public String version()",
                    "public Optional<ConfigDescription> describeConfig() {"
                        + " throw new IllegalStateException(\"no\"); }\n"
                        + "        public String version()")),
        "statictoken.StaticTokenFactory");

    assertSkippedWhileTheOthersLoad(plugin, "describeConfig()", "IllegalStateException");
  }

  @Test
  void reportsAFactoryWhoseConstructorThrowsAndLoadsTheOthers() throws IOException {
    Path jar =
        PluginJars.jar(
            Files.createDirectories(plugins.resolve("bad-constructor")).resolve("bad.jar"),
            Map.of(
                "broken.ThrowingConstructor",
                factory(
                    "ThrowingConstructor",
                    "public ThrowingConstructor() { throw new IllegalStateException(\"ctor"
                        + " refuses\"); }",
                    "broken")),
            "broken.ThrowingConstructor");
    assertSkippedWhileTheOthersLoad(
        jar.getParent(), "broken.ThrowingConstructor", "java.lang.IllegalStateException");
    // The plugin's own message may hold a secret: only the JDK's loading errors are quoted.
    assertNoReasonContains("ctor refuses");
  }

  @Test
  void reportsAFactoryWhoseStaticInitializerThrowsAndLoadsTheOthers() throws IOException {
    Path jar =
        PluginJars.jar(
            Files.createDirectories(plugins.resolve("bad-static-init")).resolve("bad.jar"),
            Map.of(
                "broken.ThrowingStaticInit",
                factory(
                    "ThrowingStaticInit",
                    "static { if (Boolean.parseBoolean(\"true\")) throw new"
                        + " IllegalStateException(\"static init refuses\"); }",
                    "broken2")),
            "broken.ThrowingStaticInit");
    assertSkippedWhileTheOthersLoad(
        jar.getParent(), "ExceptionInInitializerError", "java.lang.IllegalStateException");
    assertNoReasonContains("static init refuses");
  }

  @Test
  void twoPluginsClaimingOneTypeAreReportedNamingBothAndNeitherIsUsed() throws IOException {
    Files.createDirectories(plugins.resolve("static-copy"));
    PluginJars.staticPlugin(plugins.resolve("static-copy/static-plugin.jar"));
    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.find("static")).isEmpty();
      assertThat(catalog.problems())
          .extracting(PluginProblem::location)
          .containsExactly(plugins.resolve("static"), plugins.resolve("static-copy"));
      assertThat(catalog.problems().get(0).reason())
          .contains("'static' is also provided by " + plugins.resolve("static-copy") + "/");
      assertThat(catalog.problems().get(1).reason())
          .contains("'static' is also provided by " + plugins.resolve("static") + "/");
      assertThat(catalog.whyDisabled("static")).isPresent();
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
  private void assertNoReasonContains(String text) {
    try (PluginCatalog catalog = new PluginHost().discover(plugins)) {
      assertThat(catalog.problems()).allSatisfy(p -> assertThat(p.reason()).doesNotContain(text));
    }
  }

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
