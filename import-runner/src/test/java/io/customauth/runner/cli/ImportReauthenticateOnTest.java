package io.customauth.runner.cli;

import static io.customauth.runner.cli.ImportTestFiles.ids;
import static io.customauth.runner.cli.ImportTestFiles.sortedIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upload.reauthenticateOn} with the real custom plugin, against a receiver on loopback that
 * answers 403 for a token it no longer takes, as some providers answer an expired token.
 */
class ImportReauthenticateOnTest {
  private static final String SECRET = "reauthenticate-secret";

  @TempDir Path dir;
  private ImportSink sink;
  private RunnerEnvironment environment;
  private Path csv;

  @BeforeEach
  void start() throws IOException {
    sink = new ImportSink(SECRET, "tok-", 3_600);
    environment = SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, SECRET), dir);
    csv = ImportTestFiles.csv(dir, "a.csv", "a", 100);
  }

  @AfterEach
  void stop() {
    sink.close();
  }

  @Test
  void a403ForAnOldTokenFetchesANewOneAndSendsTheBatchAgainOnce() throws IOException {
    sink.script(call -> call.number() == 3 ? 403 : ImportSink.PROCESS);

    Cli.Result result = importJson(connector("[403]"));

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(ImportJsonOutput.onlyObject(result.out()).get("records").asLong()).isEqualTo(100);
    assertThat(sink.tokensIssued()).isEqualTo(2);
    List<ImportSink.Call> calls = sink.calls();
    assertThat(calls.get(3).key()).isEqualTo(calls.get(2).key());
    assertThat(calls.get(2).token()).isEqualTo("tok-1");
    assertThat(calls.get(3).token()).isEqualTo("tok-2");
    assertThat(sink.acceptedIds()).isEqualTo(sortedIds(ids("a", 100)));
  }

  @Test
  void theSameStatusForTheNewTokenStopsTheImportWithInvalidCredentials() throws IOException {
    sink.script(call -> call.number() >= 3 ? 403 : ImportSink.PROCESS);

    Cli.Result result = importJson(connector("[403]"));

    assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
    JsonNode summary = ImportJsonOutput.onlyObject(result.out());
    assertThat(summary.at("/error/code").asText()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(summary.at("/error/message").asText())
        .contains("the upload endpoint refused a freshly obtained token (HTTP 403) for");
    assertThat(sink.tokensIssued()).isEqualTo(2);
    assertThat(sink.calls()).hasSize(4);
  }

  @Test
  void byDefaultA403StopsTheImportAndSaysHowToReauthenticateOnIt() throws IOException {
    sink.script(call -> call.number() == 3 ? 403 : ImportSink.PROCESS);

    Cli.Result result = importJson(ImportTestFiles.sinkConnector(dir, sink, 25, 1));

    assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
    JsonNode summary = ImportJsonOutput.onlyObject(result.out());
    assertThat(summary.at("/error/code").asText()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(summary.at("/error/message").asText())
        .contains("the upload endpoint refused the token (HTTP 403) for")
        .endsWith("; if it answers 403 for an expired token, add 403 to upload.reauthenticateOn");
    assertThat(sink.tokensIssued()).isEqualTo(1);
  }

  private Path connector(String reauthenticateOn) throws IOException {
    Path file = ImportTestFiles.sinkConnector(dir, sink, 25, 1);
    String text = Files.readString(file);
    return Files.writeString(
        file,
        text.replace(
            "\"maxAttempts\": 3", "\"maxAttempts\": 3, \"reauthenticateOn\": " + reauthenticateOn));
  }

  private Cli.Result importJson(Path connector) {
    return Cli.run(
        environment,
        "import",
        connector.toString(),
        "--project",
        "p",
        "--json",
        "--state-dir",
        "state",
        csv.toString());
  }
}
