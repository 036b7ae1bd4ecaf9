package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import --json} lists a {@code CONFIG_INVALID}'s violations as path/message objects. */
class ImportConfigInvalidJsonTest {
  @TempDir Path dir;
  private ImportSink sink;

  @BeforeEach
  void start() throws IOException {
    sink = new ImportSink("client-secret", "tok-", 3600);
  }

  @AfterEach
  void stop() {
    sink.close();
  }

  @Test
  void anInvalidConnectorListsItsViolationsAsObjects() throws IOException {
    Path connector = ImportTestFiles.sinkConnector(dir, sink, 0, 1);
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 2);
    RunnerEnvironment environment =
        SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, "client-secret"), dir);

    Cli.Result result = import_(environment, connector, csv);

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    JsonNode error = ImportJsonOutput.onlyObject(result.out()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("CONFIG_INVALID");
    assertThat(error.get("violations").toString())
        .isEqualTo(
            "[{\"path\":\"upload.batchSize\",\"message\":\"must be between 1 and 100000\"}]");
  }

  @Test
  void anUnsetVariableMetAtTheFirstTokenListsItsViolationAsAnObject() throws IOException {
    Path connector = ImportTestFiles.sinkConnector(dir, sink, 10, 1);
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 2);
    RunnerEnvironment environment = SharedPlugins.testHome(Map.of(), dir);

    Cli.Result result = import_(environment, connector, csv);

    JsonNode error = ImportJsonOutput.onlyObject(result.out()).get("error");
    assertThat(error.get("code").asText()).as(result.out()).isEqualTo("CONFIG_INVALID");
    assertThat(error.get("violations"))
        .singleElement()
        .satisfies(
            violation -> {
              assertThat(violation.get("path").asText()).isEqualTo("auth.requestBody[1].value");
              assertThat(violation.get("message").asText())
                  .isEqualTo(
                      "the environment variable SINK_CLIENT_SECRET (from"
                          + " ${env:SINK_CLIENT_SECRET}) is not set");
            });
    assertThat(sink.tokensIssued()).isZero();
  }

  private static Cli.Result import_(RunnerEnvironment environment, Path connector, Path csv) {
    return Cli.run(
        environment,
        "import",
        connector.toString(),
        "--project",
        "p",
        csv.toString(),
        "--json",
        "--state-dir",
        "state");
  }
}
