package io.customauth.runner.cli;

import static io.customauth.runner.cli.ImportTestFiles.ids;
import static io.customauth.runner.cli.ImportTestFiles.sortedIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} and {@code import --resume} through the CLI, with the real custom plugin, when the
 * upload endpoint refuses: a revoked token, a token refused twice, a batch refused with 400.
 */
class ImportUploadFailuresTest {
  private static final String SECRET = "upload-failures-secret";

  @TempDir Path dir;
  private ImportSink sink;
  private RunnerEnvironment environment;

  @BeforeEach
  void start() throws IOException {
    sink = new ImportSink(SECRET, "tok-", 3_600);
    environment = SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, SECRET), dir);
  }

  @AfterEach
  void stop() {
    sink.close();
  }

  @Test
  void aTokenRevokedMidImportIsRefreshedOnceAndTheBatchSentAgain() throws IOException {
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 300);
    sink.script(
        call -> {
          if (call.number() == 5) {
            sink.revokeTokens();
          }
          return ImportSink.PROCESS;
        });

    Cli.Result result = importJson(ImportTestFiles.sinkConnector(dir, sink, 25, 1), csv);

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode summary = ImportJsonOutput.onlyObject(result.out());
    assertThat(summary.get("records").asLong()).isEqualTo(300);
    assertThat(summary.get("requests").asLong()).isEqualTo(12 + 1);
    assertThat(summary.get("tokenRefreshes").asLong()).isEqualTo(2);
    assertThat(sink.tokensIssued()).isEqualTo(2);
    assertThat(sink.refusedTokens()).isEqualTo(1);
    List<ImportSink.Call> calls = sink.calls();
    assertThat(calls.get(5).key()).isEqualTo(calls.get(4).key());
    assertThat(calls.get(4).token()).isEqualTo("tok-1");
    assertThat(calls.get(5).token()).isEqualTo("tok-2");
    assertThat(sink.acceptedIds()).isEqualTo(sortedIds(ids("a", 300)));
    assertThat(sink.duplicates()).isZero();
  }

  @Test
  void aFreshTokenRefusedAgainStopsTheImportWithInvalidCredentialsAndExit4() throws IOException {
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 300);
    sink.script(
        call -> {
          if (call.number() >= 5) {
            sink.revokeTokens();
          }
          return ImportSink.PROCESS;
        });

    Cli.Result result = importJson(ImportTestFiles.sinkConnector(dir, sink, 25, 1), csv);

    assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
    JsonNode summary = ImportJsonOutput.onlyObject(result.out());
    assertThat(summary.get("ok").asBoolean()).isFalse();
    assertThat(summary.at("/error/code").asText()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(summary.at("/error/message").asText()).contains("a.csv", "lines 102-126");
    assertThat(summary.get("records").asLong()).isEqualTo(100);
    assertThat(sink.tokensIssued()).isEqualTo(2);
    assertThat(sink.calls()).hasSize(6);
    assertThat(ImportTestFiles.journalAcks(dir.resolve("state"), importId(summary))).isEqualTo(4);
  }

  @Test
  void withDebugAFailedImportAlsoPrintsItsChainOfCausesWithFramesButNoMessage() throws IOException {
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 30);
    sink.script(call -> 400);
    Path connector = ImportTestFiles.sinkConnector(dir, sink, 25, 1);

    Cli.Result plain =
        Cli.run(environment, "import", connector.toString(), "--project", "p", csv.toString());
    Cli.Result debug =
        Cli.run(
            environment,
            "--debug",
            "import",
            connector.toString(),
            "--project",
            "p",
            csv.toString());

    assertThat(plain.exitCode()).isEqualTo(4);
    assertThat(plain.err()).contains("error: UPLOAD_REJECTED:").doesNotContain("debug:");
    assertThat(debug.exitCode()).isEqualTo(4);
    assertThat(debug.err())
        .contains("error: UPLOAD_REJECTED:")
        .contains("debug: io.customauth.runner.imports.ImportException")
        .contains("debug:     at io.customauth.runner.imports.")
        .doesNotContain(SECRET);
    assertThat(debug.err().lines().filter(line -> line.startsWith("debug:")))
        .allMatch(line -> !line.contains("HTTP 400") && !line.contains("a.csv"));
  }

  @Test
  void a400StopsTheImportNamingTheFileLinesAndResumeFinishesItWithoutDuplicates()
      throws IOException {
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 120);
    Path ndjson = ImportTestFiles.ndjson(dir, "b.ndjson", "b", 130);
    AtomicBoolean broken = new AtomicBoolean(true);
    // Batch 2 of b.ndjson holds b51..b75; the provider refuses it until "fixed".
    sink.script(call -> broken.get() && call.ids().contains("b60") ? 400 : ImportSink.PROCESS);
    Path connector = ImportTestFiles.sinkConnector(dir, sink, 25, 1);

    Cli.Result failed =
        Cli.run(
            environment,
            "import",
            connector.toString(),
            "--project",
            "p",
            csv.toString(),
            ndjson.toString(),
            "--state-dir",
            "state",
            "--progress",
            "plain");

    assertThat(failed.exitCode()).as(failed.err()).isEqualTo(4);
    String importId = ImportJsonOutput.announcedImportId(failed.err());
    assertThat(failed.err())
        .contains("error: UPLOAD_REJECTED:", "HTTP 400", "b.ndjson", "lines 51-75");
    long acknowledged = ImportTestFiles.journalAcks(dir.resolve("state"), importId);
    // One upload at a time: a.csv and batches 0 and 1 of b.ndjson went before.
    assertThat(acknowledged).isEqualTo(5 + 2);
    int sentBefore = sink.calls().size();

    broken.set(false);
    Cli.Result resumed =
        Cli.run(environment, "import", "--resume", importId, "--json", "--state-dir", "state");

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    JsonNode summary = ImportJsonOutput.onlyObject(resumed.out());
    assertThat(summary.get("importId").asText()).isEqualTo(importId);
    assertThat(summary.get("records").asLong()).isEqualTo(250);
    assertThat(summary.get("batches").asLong()).isEqualTo(5 + 6);
    assertThat(summary.get("requests").asLong()).isEqualTo(11 - acknowledged);
    assertThat(sink.calls()).hasSize(sentBefore + (int) (11 - acknowledged));
    assertThat(sink.acceptedIds()).isEqualTo(sortedIds(ids("a", 120), ids("b", 130)));
    assertThat(sink.duplicates()).isZero();
    assertThat(ImportTestFiles.journalAcks(dir.resolve("state"), importId)).isEqualTo(11);
  }

  @Test
  void batchesNeverSpanFilesAndKeepTheirKeyAcrossResume() throws IOException {
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 60);
    Path json = ImportTestFiles.jsonArray(dir, "b.json", "b", 45);
    AtomicBoolean broken = new AtomicBoolean(true);
    sink.script(call -> broken.get() && call.ids().contains("b1") ? 400 : ImportSink.PROCESS);
    Path connector = ImportTestFiles.sinkConnector(dir, sink, 25, 1);
    String importId = importId(ImportJsonOutput.onlyObject(importJson(connector, csv, json).out()));
    broken.set(false);

    Cli.Result resumed =
        Cli.run(environment, "import", "--resume", importId, "--json", "--state-dir", "state");

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    // a.csv: 25 + 25 + 10; b.json: 25 + 20. Spanning files would make 25 + 25 + 25 + 25 + 5.
    assertThat(sink.acceptedBatches())
        .containsOnlyKeys(
            importId + "-0-0",
            importId + "-0-1",
            importId + "-0-2",
            importId + "-1-0",
            importId + "-1-1");
    assertThat(sink.acceptedBatches().get(importId + "-0-2"))
        .hasSize(10)
        .allMatch(a -> a.startsWith("a"));
    assertThat(sink.acceptedBatches().get(importId + "-1-0"))
        .hasSize(25)
        .allMatch(b -> b.startsWith("b"));
    assertThat(sink.acceptedBatches().get(importId + "-1-1"))
        .hasSize(20)
        .allMatch(b -> b.startsWith("b"));
    List<String> keysOfTheRefusedBatch = new ArrayList<>();
    sink.calls().stream()
        .filter(call -> call.ids().contains("b1"))
        .forEach(call -> keysOfTheRefusedBatch.add(call.key()));
    assertThat(keysOfTheRefusedBatch).containsExactly(importId + "-1-0", importId + "-1-0");
  }

  @Test
  void resumeRefusesWhenAnInputFileChangedAndNamesIt() throws IOException {
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 120);
    Path ndjson = ImportTestFiles.ndjson(dir, "b.ndjson", "b", 130);
    AtomicBoolean broken = new AtomicBoolean(true);
    sink.script(call -> broken.get() && call.ids().contains("b60") ? 400 : ImportSink.PROCESS);
    Path connector = ImportTestFiles.sinkConnector(dir, sink, 25, 2);
    String importId =
        importId(ImportJsonOutput.onlyObject(importJson(connector, csv, ndjson).out()));
    Files.writeString(ndjson, "{\"id\":\"b131\",\"n\":131}\n", StandardOpenOption.APPEND);
    broken.set(false);
    int sentBefore = sink.calls().size();

    Cli.Result resumed =
        Cli.run(environment, "import", "--resume", importId, "--json", "--state-dir", "state");

    assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(4);
    JsonNode summary = ImportJsonOutput.onlyObject(resumed.out());
    assertThat(summary.get("ok").asBoolean()).isFalse();
    assertThat(summary.at("/error/code").asText()).isEqualTo("INPUT_CHANGED");
    assertThat(summary.at("/error/message").asText())
        .contains(ndjson.toString())
        .doesNotContain("a.csv");
    assertThat(sink.calls()).hasSize(sentBefore);
  }

  private Cli.Result importJson(Path connector, Path... files) {
    List<String> args =
        new ArrayList<>(List.of("import", connector.toString(), "--project", "p", "--json"));
    args.addAll(List.of("--state-dir", "state"));
    for (Path file : files) {
      args.add(file.toString());
    }
    return Cli.run(environment, args.toArray(String[]::new));
  }

  private static String importId(JsonNode summary) {
    return summary.get("importId").asText();
  }
}
