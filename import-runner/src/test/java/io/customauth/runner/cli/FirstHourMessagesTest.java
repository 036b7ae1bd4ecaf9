package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage errors and connector syntax errors a new user meets: swapped arguments, a missing connector
 * file, tabs and unquoted references in YAML. Each says why and where.
 */
class FirstHourMessagesTest {
  @TempDir Path dir;
  private RunnerEnvironment environment;
  private Path data;

  @BeforeEach
  void setUp() throws IOException {
    environment = SharedPlugins.testHome(Map.of(), dir);
    data = ImportTestFiles.ndjson(dir, "data.ndjson", "a", 2);
  }

  @Test
  void swappedImportArgumentsSayTheConnectorComesFirst() throws IOException {
    Path connector = Files.writeString(dir.resolve("connector.json"), "{}");

    Cli.Result result =
        Cli.run(environment, "import", "data.ndjson", "--project", "p", connector.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "error: the first argument must be the connector file; data.ndjson looks like an"
                + " input file\n"
                + "Try 'import-runner import --help'\n");
  }

  @Test
  void aDataFileGivenToValidateSaysSo() throws IOException {
    ImportTestFiles.csv(dir, "data.csv", "a", 2);

    Cli.Result result = Cli.run(environment, "validate", "data.csv");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith(
            "error: the first argument must be the connector file; data.csv looks like an input"
                + " file");
  }

  @Test
  void aDataFileGivenToAuthTestSaysSoInJsonToo() throws IOException {
    Cli.Result result = Cli.run(environment, "auth-test", "--json", data.getFileName().toString());

    assertThat(result.exitCode()).isEqualTo(2);
    JsonNode error = new ObjectMapper().readTree(result.out()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("USAGE");
    assertThat(error.get("message").asText())
        .isEqualTo(
            "the first argument must be the connector file; data.ndjson looks like an input file");
  }

  @Test
  void aMissingConnectorFileNamesTheAbsolutePathTried() {
    Cli.Result result =
        Cli.run(environment, "import", "missing.json", "--project", "p", "data.ndjson");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("the connector file " + dir.resolve("missing.json") + " does not exist");
  }

  @Test
  void aTabInYamlIndentationSaysSoAtItsLine() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("c.yaml"), "name: a\nauth:\n  type: custom\n\tmethod: POST\n");

    Cli.Result result = Cli.run(environment, "validate", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "YAML syntax error at line 4, column 1: tabs are not allowed for indentation in"
                + " YAML; use spaces");
  }

  @Test
  void anUnquotedReferenceInYamlFlowStyleSaysToQuoteIt() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("c.yaml"),
            "name: a\nauth:\n  type: custom\n  requestBody:\n"
                + "    - {key: client_secret, value: ${env:SECRET_NAME}}\n");

    Cli.Result result = Cli.run(environment, "validate", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "YAML syntax error at line 5, column 36: quote values that start with ${ in YAML"
                + " flow style, e.g. \"${env:X}\"")
        .doesNotContain("SECRET_NAME");
  }

  @Test
  void anotherYamlErrorGivesTheLineSnakeYamlFoundItOn() throws IOException {
    Path file = Files.writeString(dir.resolve("c.yaml"), "name: a\nauth:\n  type: [x\n");

    Cli.Result result = Cli.run(environment, "validate", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).containsPattern("YAML syntax error at line 4, column 1\\R");
  }
}
