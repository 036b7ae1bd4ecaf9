package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An import whose first token exchange fails stops before it journals or uploads anything. */
class ImportWithoutTokenTest {
  @TempDir Path dir;
  private ImportSink sink;

  @BeforeEach
  void start() throws IOException {
    sink = new ImportSink("the-right-secret", "tok-", 3600);
  }

  @AfterEach
  void stop() {
    sink.close();
  }

  @Test
  void aRefusedClientSecretStopsTheImportBeforeAnythingIsJournaledOrSent() throws IOException {
    Path connector = ImportTestFiles.sinkConnector(dir, sink, 10, 2);
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 25);
    RunnerEnvironment environment =
        SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, "a-wrong-secret"), dir);

    Cli.Result result =
        Cli.run(
            environment,
            "import",
            connector.toString(),
            "--project",
            "p",
            csv.toString(),
            "--json",
            "--state-dir",
            "state");

    // PRODUCT section 5: the token exchange failed before the first upload.
    assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
    JsonNode error = ImportJsonOutput.onlyObject(result.out()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(sink.calls()).isEmpty();
    assertThat(journals(dir.resolve("state"))).isEmpty();
    assertThat(result.out() + result.err()).doesNotContain("a-wrong-secret");
  }

  private static Stream<Path> journals(Path stateDir) throws IOException {
    return Files.isDirectory(stateDir) ? Files.list(stateDir).toList().stream() : Stream.empty();
  }
}
