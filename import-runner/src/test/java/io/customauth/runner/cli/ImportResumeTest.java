package io.customauth.runner.cli;

import static io.customauth.runner.cli.ImportTestFiles.ids;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.imports.journal.ImportJournal;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import --resume} as the user sees it: what it says about a completed import, an edited
 * connector file and a damaged journal, against a loopback provider that deduplicates on {@code
 * Idempotency-Key}.
 */
class ImportResumeTest {
  private static final String SECRET = "resume-test-secret";
  private static final int ROWS = 100;

  @TempDir Path dir;
  private ImportSink sink;
  private Path connector;
  private Path csv;

  @BeforeEach
  void start() throws IOException {
    sink = new ImportSink(SECRET, "TOKEN-resume-", 3_600);
    connector = ImportTestFiles.sinkConnector(dir, sink, 10, 1);
    csv = ImportTestFiles.csv(dir, "a.csv", "a", ROWS);
  }

  @AfterEach
  void stop() {
    sink.close();
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--state-dir", "state", "--progress", "plain"));
    return Cli.run(
        SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, SECRET), dir),
        all.toArray(String[]::new));
  }

  private Cli.Result importAll() {
    return run("import", connector.toString(), "--project", "p", csv.toString());
  }

  /** An import the provider stops after four batches: six of ten are left for a resume. */
  private String interruptedImport() {
    sink.script(call -> call.number() > 4 ? 422 : ImportSink.PROCESS);
    Cli.Result first = importAll();
    assertThat(first.exitCode()).as(first.err()).isEqualTo(4);
    sink.script(call -> ImportSink.PROCESS);
    return ImportJsonOutput.announcedImportId(first.err());
  }

  private Path journal(String importId) {
    return dir.resolve("state").resolve(importId + ".journal");
  }

  @Test
  void aResumeRefusedAsLockedPrintsOnlyTheRefusalAndTheJournalsCounts() {
    String importId = interruptedImport();
    int calls = sink.calls().size();

    try (ImportJournal held = ImportJournal.reopen(dir.resolve("state"), importId)) {
      long acknowledged = held.acknowledgedRecords();
      assertThat(acknowledged).isEqualTo(40);

      Cli.Result human = run("import", "--resume", importId);
      Cli.Result json = run("import", "--resume", importId, "--json");

      assertThat(human.exitCode()).as(human.err()).isEqualTo(2);
      assertThat(human.err())
          .contains(
              "IMPORT_LOCKED",
              "import " + importId + " is being run by process " + ProcessHandle.current().pid(),
              "hint: ")
          .doesNotContain("FAILED", "0 records read", "0 acknowledged");
      assertThat(json.exitCode()).as(json.err()).isEqualTo(2);
      JsonNode summary = ImportJsonOutput.onlyObject(json.out());
      assertThat(summary.get("ok").asBoolean()).isFalse();
      assertThat(summary.get("error").get("code").asText()).isEqualTo("IMPORT_LOCKED");
      assertThat(summary.get("records").asLong()).isEqualTo(acknowledged);
      assertThat(summary.has("recordsRead")).isFalse();
      assertThat(json.err()).doesNotContain("FAILED");
    }
    assertThat(sink.calls()).as("the refused resumes sent nothing").hasSize(calls);
  }

  @Test
  void aResumeOfACompletedImportSaysSoFetchesNoTokenAndExitsZero() {
    Cli.Result first = importAll();
    assertThat(first.exitCode()).as(first.err()).isZero();
    String importId = ImportJsonOutput.announcedImportId(first.err());
    int tokens = sink.tokensIssued();
    int calls = sink.calls().size();

    Cli.Result resumed = run("import", "--resume", importId);

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err())
        .contains("Import " + importId + " is already complete", ROWS + " records in 10 batches");
    assertThat(sink.tokensIssued()).as("the token endpoint saw no request").isEqualTo(tokens);
    assertThat(sink.calls()).hasSize(calls);
  }

  @Test
  void aResumeOfACompletedImportPrintsItsSummaryAsJson() {
    String importId = ImportJsonOutput.announcedImportId(importAll().err());
    int tokens = sink.tokensIssued();

    Cli.Result resumed = run("import", "--resume", importId, "--json");

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    JsonNode summary = ImportJsonOutput.onlyObject(resumed.out());
    assertThat(summary.get("ok").asBoolean()).isTrue();
    assertThat(summary.get("alreadyComplete").asBoolean()).isTrue();
    assertThat(summary.get("records").asLong()).isEqualTo(ROWS);
    assertThat(summary.get("requests").asLong()).isZero();
    assertThat(sink.tokensIssued()).isEqualTo(tokens);
  }

  @Test
  void aResumeAfterTheConnectorFileChangedWarnsWhichSettingsItKeptAndKeepsTheBatches()
      throws IOException {
    String importId = interruptedImport();
    Files.writeString(
        connector,
        Files.readString(connector)
            .replace("\"batchSize\": 10", "\"batchSize\": 25")
            .replace("\"concurrency\": 1", "\"concurrency\": 2"));

    Cli.Result resumed = run("import", "--resume", importId);

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err())
        .contains(
            "warning: " + connector,
            "the connector file changed since the import started; kept from the journal:"
                + " format, batchSize");
    assertThat(sink.acceptedBatches()).hasSize(10);
    assertThat(sink.acceptedIds()).isEqualTo(ids("a", ROWS).stream().sorted().toList());
  }

  @Test
  void aResumeWithTheSameConnectorFileWarnsAboutNothing() {
    String importId = interruptedImport();

    Cli.Result resumed = run("import", "--resume", importId);

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err()).doesNotContain("warning");
  }

  @Test
  void aDamagedAcknowledgementLineIsReportedAndOnlyItsBatchIsSentAgainUnderItsKey()
      throws IOException {
    String importId = interruptedImport();
    List<String> lines = Files.readAllLines(journal(importId), UTF_8);
    assertThat(lines).hasSize(5);
    String damagedKey = importId + "-0-" + lines.get(2).replaceAll(".*\"batch\":(\\d+).*", "$1");
    lines.set(2, lines.get(2).replace("\"records\":10", "\"records\":11"));
    Files.write(journal(importId), lines, UTF_8);

    Cli.Result resumed = run("import", "--resume", importId);

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err())
        .contains(
            "warning: " + journal(importId) + ": line 3 is damaged (its checksum does not match)");
    assertThat(sink.duplicates()).isEqualTo(1);
    assertThat(sink.calls().stream().filter(call -> call.key().equals(damagedKey))).hasSize(2);
    assertThat(sink.acceptedIds()).isEqualTo(ids("a", ROWS).stream().sorted().toList());
  }
}
