package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.spi.Credential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
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
  void pluginsJsonListsTypeVersionAndLocationRelativeToTheDistribution() throws IOException {
    Files.write(home.resolve("plugins/corrupt.jar"), new byte[] {0, 1, 2});

    Cli.Result result = Cli.run(environment, "plugins", "--json");

    assertThat(result.exitCode()).isZero();
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.get("plugins"))
        .singleElement()
        .satisfies(
            plugin -> {
              assertThat(plugin.get("type").asText()).isEqualTo("static");
              assertThat(plugin.get("version").asText()).isEqualTo("1.2.3");
              assertThat(plugin.get("location").asText()).isEqualTo("plugins/static/");
            });
    assertThat(json.get("problems"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.get("location").asText()).isEqualTo("plugins/corrupt.jar");
              assertThat(problem.get("reason").asText()).contains("not a readable jar");
            });
  }

  @Test
  void pluginsJsonListsTheRealCustomPluginFromPluginsCustomAuth() throws IOException {
    RunnerEnvironment real = RunnerEnvironment.of(Map.of(), PluginJars.TEST_HOME, home);

    Cli.Result result = Cli.run(real, "plugins", "--json");

    assertThat(result.exitCode()).isZero();
    JsonNode plugin = JSON.readTree(result.out()).get("plugins").get(0);
    assertThat(plugin.get("type").asText()).isEqualTo("custom");
    assertThat(plugin.get("location").asText()).isEqualTo("plugins/custom-auth/");
  }

  @Test
  void pluginsWithoutJsonPrintsATable() {
    Cli.Result result = Cli.run(environment, "plugins");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("TYPE").contains("static").contains("plugins/static/");
  }

  @Test
  void thePluginsDirOptionOverridesTheDistributionsPlugins() throws IOException {
    Path elsewhere = Files.createDirectories(home.resolve("elsewhere/plugins"));

    Cli.Result result =
        Cli.run(environment, "plugins", "--json", "--plugins-dir", elsewhere.toString());

    assertThat(JSON.readTree(result.out()).get("plugins")).isEmpty();
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
    assertThat(json.at("/error/violations"))
        .extracting(JsonNode::asText)
        .containsExactly("name: is required", "auth.token: is required");
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
    assertThat(JSON.readTree(result.out()).at("/error/violations/0").asText())
        .startsWith("auth.token:")
        .contains("UNSET");
  }

  @Test
  void noCommandIsAUsageErrorWithUsageOnStandardError() {
    Cli.Result result = Cli.run(environment);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Missing command", "Try 'import-runner --help'");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Cli.Result result = Cli.run(environment, "validate", "--frobnicate", "x.json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("Unknown option", "Try 'import-runner validate --help'")
        .doesNotContain("Usage:");
  }

  @Test
  void aMissingConnectorArgumentIsAUsageError() {
    Cli.Result result = Cli.run(environment, "auth-test");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("CONNECTOR");
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
  }
}
