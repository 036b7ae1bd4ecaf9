package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.runner.plugin.SharedPlugins;
import io.customauth.spi.Credential;
import io.customauth.spi.SpiVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands in-process, with a distribution laid out in a temp dir and the "static" plugin. */
class CommandLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  private RunnerEnvironment environment;

  @BeforeEach
  void installDistribution() throws IOException {
    Path plugin = Files.createDirectories(home.resolve("plugins/static"));
    PluginJars.staticPlugin(plugin.resolve("static.jar"));
    environment = RunnerEnvironment.of(Map.of("TOKEN", "tok-from-env"), home, home);
  }

  @Test
  void pluginsJsonListsTypeVersionAbsoluteLocationAndProblemsAndExitsTwoWhenOneWasSkipped()
      throws IOException {
    Files.createDirectories(home.resolve("plugins/corrupt"));
    Files.write(home.resolve("plugins/corrupt/corrupt.jar"), new byte[] {0, 1, 2});

    Cli.Result result = Cli.run(environment, "plugins", "--json");

    assertThat(result.exitCode()).isEqualTo(2);
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.get("spiVersion").asText()).isEqualTo(SpiVersion.CURRENT);
    assertThat(json.get("plugins"))
        .singleElement()
        .satisfies(
            plugin -> {
              assertThat(plugin.get("type").asText()).isEqualTo("static");
              assertThat(plugin.get("version").asText()).isEqualTo("1.2.3");
              assertThat(plugin.get("location").asText())
                  .isEqualTo(home.resolve("plugins/static").toAbsolutePath() + "/");
            });
    assertThat(json.get("problems"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.get("location").asText())
                  .isEqualTo(home.resolve("plugins/corrupt").toAbsolutePath() + "/");
              assertThat(problem.get("reason").asText()).contains("not a readable jar");
            });
  }

  @Test
  void pluginsJsonListsTheRealCustomPluginFromPluginsCustomAuth() throws IOException {
    RunnerEnvironment real = SharedPlugins.testHome(Map.of(), home);

    Cli.Result result = Cli.run(real, "plugins", "--json");

    assertThat(result.exitCode()).isZero();
    JsonNode plugin = JSON.readTree(result.out()).get("plugins").get(0);
    assertThat(plugin.get("type").asText()).isEqualTo("custom");
    assertThat(plugin.get("location").asText())
        .isEqualTo(PluginJars.REAL_PLUGINS.resolve("custom-auth") + "/");
    assertThat(plugin.get("describesConfig").asBoolean()).isTrue();
  }

  @Test
  void pluginsWithoutJsonPrintsATable() {
    Cli.Result result = Cli.run(environment, "plugins");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("SPI " + SpiVersion.CURRENT, "TYPE", "static", "/plugins/static/");
  }

  @Test
  void thePluginsDirOptionOverridesTheDistributionsPlugins() throws IOException {
    Path elsewhere = Files.createDirectories(home.resolve("elsewhere/plugins"));

    Cli.Result result =
        Cli.run(environment, "plugins", "--json", "--plugins-dir", elsewhere.toString());

    assertThat(JSON.readTree(result.out()).get("plugins")).isEmpty();
  }

  @Test
  void aPluginsDirThatDoesNotExistIsAUsageError() throws IOException {
    String absent = home.resolve("no-such-dir").toString();
    Files.writeString(home.resolve("a.csv"), "id\n1\n");
    Map<String, List<String>> commands =
        Map.of(
            "plugins", List.of(),
            "validate", List.of("x.json"),
            "auth-test", List.of("x.json"),
            "import", List.of("x.json", "--project", "p", "a.csv"));
    for (Map.Entry<String, List<String>> command : commands.entrySet()) {
      List<String> args =
          new ArrayList<>(List.of(command.getKey(), "--json", "--plugins-dir", absent));
      args.addAll(command.getValue());

      Cli.Result result = Cli.run(environment, args.toArray(String[]::new));

      assertThat(result.exitCode()).as(command.getKey() + ": " + result.out()).isEqualTo(2);
      JsonNode error = JSON.readTree(result.out()).get("error");
      assertThat(error.get("message").asText())
          .as(command.getKey())
          .contains("the plugins directory " + absent + " does not exist");
    }
  }

  @Test
  void validateListsEveryViolationAndExitsTwo() throws IOException {
    Path file =
        Files.writeString(
            home.resolve("bad.json"),
            "{\"auth\": {\"type\": \"static\", \"x\": 1}, \"upload\": {\"batchSize\": 0}}");

    Cli.Result result = Cli.run(environment, "validate", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("CONFIG_INVALID")
        .contains("name: is required")
        .contains("auth.x: unknown field")
        .contains("auth.token: is required")
        .contains("upload.url: is required")
        .contains("upload.batchSize: must be between 1 and 100000")
        .contains("hint: fix the named fields");
  }

  @Test
  void validateJsonPrintsOneObjectWithTheViolations() throws IOException {
    Path file = Files.writeString(home.resolve("bad.yaml"), "auth:\n  type: static\n");

    Cli.Result result = Cli.run(environment, "validate", "--json", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.at("/error/code").asText()).isEqualTo("CONFIG_INVALID");
    assertThat(json.at("/error/violations").toString())
        .isEqualTo(
            "[{\"path\":\"name\",\"message\":\"is required\"},"
                + "{\"path\":\"auth.token\",\"message\":\"is required\"}]");
  }

  @Test
  void validateAcceptsAValidConnector() throws IOException {
    Path file =
        Files.writeString(
            home.resolve("ok.json"),
            "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\": \"t\"}}");

    Cli.Result result = Cli.run(environment, "validate", "--json", file.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(JSON.readTree(result.out()).get("ok").asBoolean()).isTrue();
  }

  @Test
  void authTestJsonPrintsExactlyTheFingerprintAndTimesOfTheToken() throws IOException {
    Path file =
        Files.writeString(
            home.resolve("c.json"),
            "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\": \"${env:TOKEN}\"}}");

    Cli.Result result = Cli.run(environment, "auth-test", "--json", file.toString());

    assertThat(result.exitCode()).isZero();
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly("ok", "type", "tokenFingerprint", "expiresAt", "refreshAt");
    assertThat(json.get("type").asText()).isEqualTo("static");
    assertThat(json.get("tokenFingerprint").asText())
        .isEqualTo(Credential.fingerprint("tok-from-env"));
    assertThat(json.get("expiresAt").asText()).endsWith("Z");
    assertThat(Instant.parse(json.get("refreshAt").asText()))
        .isBefore(Instant.parse(json.get("expiresAt").asText()));
    assertThat(result.out() + result.err()).doesNotContain("tok-from-env");
  }

  @Test
  void authTestWithAnUnsetVariableIsAConfigErrorExitingTwo() throws IOException {
    Path file =
        Files.writeString(
            home.resolve("c.json"),
            "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\": \"${env:UNSET}\"}}");

    Cli.Result result = Cli.run(environment, "auth-test", "--json", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    JsonNode violation = JSON.readTree(result.out()).at("/error/violations/0");
    assertThat(violation.get("path").asText()).isEqualTo("auth.token");
    assertThat(violation.get("message").asText()).contains("UNSET");
  }

  @Test
  void debugAddsTheStackFramesOfAFailureTheCommandReports() throws IOException {
    Path file =
        Files.writeString(
            home.resolve("c.json"),
            "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\": \"${env:UNSET}\"}}");

    Cli.Result result = Cli.run(environment, "auth-test", "--json", "--debug", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    ImportJsonOutput.onlyObject(result.out());
    assertThat(result.err())
        .contains("debug: io.customauth.spi.AuthException")
        .containsPattern("debug: {5}at io\\.customauth\\.runner\\.secrets\\.ReferenceResolver\\.");
  }

  @Test
  void theDebugVariableAddsTheStackFramesToo() throws IOException {
    Path file =
        Files.writeString(
            home.resolve("c.json"),
            "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\": \"${env:UNSET}\"}}");
    RunnerEnvironment debugging =
        RunnerEnvironment.of(Map.of(RunnerEnvironment.DEBUG_VARIABLE, "1"), home, home);

    Cli.Result result = Cli.run(debugging, "auth-test", file.toString());

    assertThat(result.err()).contains("debug: io.customauth.spi.AuthException");
  }

  @Test
  void withoutDebugNoStackFramesArePrinted() throws IOException {
    Path file =
        Files.writeString(
            home.resolve("c.json"),
            "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\": \"${env:UNSET}\"}}");

    Cli.Result result = Cli.run(environment, "auth-test", file.toString());

    assertThat(result.err()).doesNotContain("debug:").doesNotContain("\tat ");
  }

  @Test
  void noCommandIsAUsageErrorListingTheCommands() {
    Cli.Result result = Cli.run(environment);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualToNormalizingNewlines(
            "error: Missing command: give one of plugins, validate, auth-test, import, demo,"
                + " help\nTry 'import-runner --help'\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void anUnknownOptionIsAUsageErrorWithItsCauseAndWhereToFindHelpNotTheWholeUsage() {
    Cli.Result result = Cli.run(environment, "validate", "--frobnicate", "x.json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("error: Unknown option: '--frobnicate'")
        .endsWith("Try 'import-runner validate --help'" + System.lineSeparator())
        .doesNotContain("Usage:");
  }

  @Test
  void aMistypedCommandIsAUsageErrorSuggestingTheRightOne() {
    Cli.Result result = Cli.run(environment, "valdate", "x.json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("validate").contains("Try 'import-runner --help'");
  }

  @Test
  void aMissingConnectorArgumentIsAUsageError() {
    Cli.Result result = Cli.run(environment, "auth-test");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("Missing required parameter: 'CONNECTOR'")
        .contains("Try 'import-runner auth-test --help'")
        .doesNotContain("Usage:");
  }

  @Test
  void withJsonAUsageErrorIsOneObjectOnStandardOutput() throws IOException {
    Cli.Result result = Cli.run(environment, "validate", "--json");

    assertThat(result.exitCode()).isEqualTo(2);
    JsonNode json = ImportJsonOutput.onlyObject(result.out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.at("/error/code").asText()).isEqualTo("USAGE");
    assertThat(json.at("/error/message").asText())
        .isEqualTo("Missing required parameter: 'CONNECTOR'");
    assertThat(json.at("/error/hint").asText()).isEqualTo("Try 'import-runner validate --help'");
  }

  @Test
  void withJsonAnUnknownOptionIsOneObjectToo() {
    Cli.Result result = Cli.run(environment, "plugins", "--json", "--frobnicate");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(ImportJsonOutput.onlyObject(result.out()).at("/error/code").asText())
        .isEqualTo("USAGE");
  }

  @Test
  void withJsonACommandsOwnUsageCheckIsOneObject() {
    Cli.Result result = Cli.run(environment, "import", "--json", "--project", "p");

    assertThat(result.exitCode()).isEqualTo(2);
    JsonNode json = ImportJsonOutput.onlyObject(result.out());
    assertThat(json.at("/error/message").asText()).startsWith("Missing CONNECTOR");
    assertThat(json.at("/error/hint").asText()).isEqualTo("Try 'import-runner import --help'");
  }

  @Test
  void aJsonArgumentAfterDoubleDashIsNotTheJsonOption() {
    Cli.Result result = Cli.run(environment, "validate", "--frobnicate", "--", "--json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void everyCommandTakesDebug() {
    for (String command : new String[] {"plugins", "validate", "auth-test", "import", "demo"}) {
      Cli.Result result = Cli.run(environment, command, "--help");
      assertThat(result.out()).as(command).contains("--debug");
    }
  }

  @Test
  void aConnectorInAnotherDirectoryResolvesRelativeFileReferencesFromThere() throws IOException {
    Path connectors = Files.createDirectories(home.resolve("connectors"));
    Files.writeString(connectors.resolve("token.txt"), "tok-from-file\n");
    Path file =
        Files.writeString(
            connectors.resolve("c.json"),
            "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\":"
                + " \"${file:token.txt}\"}}");
    Path elsewhere = Files.createDirectories(home.resolve("elsewhere"));
    RunnerEnvironment fromElsewhere = RunnerEnvironment.of(Map.of(), home, elsewhere);

    Cli.Result result = Cli.run(fromElsewhere, "auth-test", "--json", file.toString());

    assertThat(result.exitCode()).as(result.out()).isZero();
    assertThat(JSON.readTree(result.out()).get("tokenFingerprint").asText())
        .isEqualTo(Credential.fingerprint("tok-from-file"));
  }

  @Test
  void aMissingFileReferenceNamesTheAbsolutePathInTheConnectorsDirectory() throws IOException {
    Path connectors = Files.createDirectories(home.resolve("connectors"));
    Path file =
        Files.writeString(
            connectors.resolve("c.json"),
            "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\":"
                + " \"${file:missing.txt}\"}}");

    Cli.Result result = Cli.run(environment, "auth-test", "--json", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    JsonNode violation = JSON.readTree(result.out()).at("/error/violations/0");
    assertThat(violation.get("path").asText()).isEqualTo("auth.token");
    assertThat(violation.get("message").asText())
        .isEqualTo("${file:" + connectors.resolve("missing.txt") + "} does not exist");
  }

  @Test
  void aDirectoryGivenAsTheConnectorSaysSo() throws IOException {
    Path directory = Files.createDirectories(home.resolve("connectors"));

    Cli.Result result = Cli.run(environment, "validate", directory.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains(directory + " is a directory");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"plugins", "validate", "auth-test"}) {
      Cli.Result result = Cli.run(environment, command, "--help");
      assertThat(result.exitCode()).as(command).isZero();
      assertThat(result.out()).as(command).contains("Usage: import-runner " + command);
    }
  }

  @Test
  void versionIsPrinted() {
    Cli.Result result = Cli.run(environment, "--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("import-runner ");
    assertThat(result.out()).contains("connector SPI " + SpiVersion.CURRENT);
  }

  @Test
  void theSubcommandsByNameAreThoseTheirAnnotationsName() {
    assertThat(ImportRunnerCommand.BY_NAME)
        .containsExactlyInAnyOrderEntriesOf(ImportRunnerCommand.namesFromAnnotations());
  }

  @Test
  void theResumeCommandStartsWithHowTheLauncherWasCalledShellQuoted() {
    String before = System.getProperty(ImportCommand.LAUNCHER_PROPERTY);
    try {
      System.clearProperty(ImportCommand.LAUNCHER_PROPERTY);
      assertThat(ImportCommand.resumeCommand("imp-abc", Optional.empty(), Optional.empty()))
          .isEqualTo("import-runner import --resume imp-abc");

      System.setProperty(ImportCommand.LAUNCHER_PROPERTY, "dist/bin/import-runner");
      assertThat(ImportCommand.resumeCommand("imp-abc", Optional.empty(), Optional.empty()))
          .isEqualTo("dist/bin/import-runner import --resume imp-abc");

      System.setProperty(ImportCommand.LAUNCHER_PROPERTY, "/opt/my tools/bin/import-runner");
      assertThat(
              ImportCommand.resumeCommand(
                  "imp-abc", Optional.of(Path.of("/var/state")), Optional.empty()))
          .isEqualTo(
              "'/opt/my tools/bin/import-runner' import --resume imp-abc --state-dir /var/state");
    } finally {
      if (before == null) {
        System.clearProperty(ImportCommand.LAUNCHER_PROPERTY);
      } else {
        System.setProperty(ImportCommand.LAUNCHER_PROPERTY, before);
      }
    }
  }

  @Test
  void theConnectorReaderIsPreparedEarlyOnlyForCommandsThatReadAConnector() {
    assertThat(ImportRunnerCommand.readsAConnector("validate", "c.json")).isTrue();
    assertThat(ImportRunnerCommand.readsAConnector("auth-test", "c.json")).isTrue();
    assertThat(ImportRunnerCommand.readsAConnector("import", "c.json", "--project", "p")).isTrue();
    assertThat(ImportRunnerCommand.readsAConnector("--debug", "validate", "c.json")).isTrue();
    assertThat(ImportRunnerCommand.readsAConnector("plugins")).isFalse();
    assertThat(ImportRunnerCommand.readsAConnector("demo")).isFalse();
    assertThat(ImportRunnerCommand.readsAConnector("--help")).isFalse();
    assertThat(ImportRunnerCommand.readsAConnector("--debug")).isFalse();
    assertThat(ImportRunnerCommand.readsAConnector()).isFalse();
    assertThat(ImportRunnerCommand.BY_NAME).containsKeys("validate", "auth-test", "import");
  }

  @Test
  void groovyClosureLookupIsSwitchedOffUnlessTheUserChoseOtherwise() {
    // picocli's default factory would otherwise search every jar for groovy.lang.Closure.
    String before = System.clearProperty("picocli.disable.closures");
    try {
      ImportRunnerCommand.commandLine(RunnerEnvironment.system(), "plugins");
      assertThat(System.getProperty("picocli.disable.closures")).isEqualTo("true");

      System.setProperty("picocli.disable.closures", "false");
      ImportRunnerCommand.commandLine(RunnerEnvironment.system(), "plugins");
      assertThat(System.getProperty("picocli.disable.closures")).isEqualTo("false");
    } finally {
      if (before == null) {
        System.clearProperty("picocli.disable.closures");
      } else {
        System.setProperty("picocli.disable.closures", before);
      }
    }
  }
}
