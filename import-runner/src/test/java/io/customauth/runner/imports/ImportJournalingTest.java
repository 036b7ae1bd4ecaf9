package io.customauth.runner.imports;

import static io.customauth.runner.imports.ImportFixtures.connector;
import static io.customauth.runner.imports.ImportFixtures.connectorFile;
import static io.customauth.runner.imports.ImportFixtures.csv;
import static io.customauth.runner.imports.ImportFixtures.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.imports.ImportFixtures.RecordingSleeper;
import io.customauth.runner.imports.ScriptedSink.Action;
import io.customauth.runner.imports.journal.ImportJournal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the engine records in an import's journal, and what a resume makes of it. */
class ImportJournalingTest {
  @TempDir Path dir;
  private ScriptedSink sink;
  private final SequenceTokenStrategy tokens = new SequenceTokenStrategy("tok-");

  @BeforeEach
  void startSink() throws IOException {
    sink = new ScriptedSink();
  }

  @AfterEach
  void stopSink() {
    sink.close();
  }

  private Path stateDir() {
    return dir.resolve("state");
  }

  private ImportEngine engine() {
    return new ImportEngine(options(stateDir(), new RecordingSleeper()));
  }

  private ImportResult importRows(int rows) throws IOException {
    return engine()
        .start(
            new ImportRequest(connectorFile(dir), "acme", List.of(csv(dir, "a.csv", "a", rows))),
            connector(tokens, sink.urlTemplate(), "json", 10, 2, 5),
            ImportProgress.NONE);
  }

  private ImportResult resume(String importId) {
    return engine()
        .resume(
            importId, connector(tokens, sink.urlTemplate(), "json", 10, 2, 5), ImportProgress.NONE);
  }

  @Test
  void anImportThatEndsWithEveryRecordAcknowledgedIsJournaledAsComplete() throws IOException {
    ImportResult result = importRows(25);

    assertThat(result.ok()).isTrue();
    ImportJournal.Contents journal =
        ImportJournal.inspect(stateDir(), result.importId().orElseThrow());
    assertThat(journal.completion().orElseThrow().records()).isEqualTo(25);
    assertThat(journal.completion().orElseThrow().batches()).isEqualTo(3);
    assertThat(journal.completion().orElseThrow().completedAt()).isEqualTo(ImportFixtures.T0);
  }

  @Test
  void anImportThatStoppedIsNotJournaledAsComplete() throws IOException {
    sink.script(call -> call.key().endsWith("-0-1") ? Action.answer(422) : Action.accept());

    ImportResult result = importRows(25);

    assertThat(result.ok()).isFalse();
    assertThat(ImportJournal.inspect(stateDir(), result.importId().orElseThrow()).isComplete())
        .isFalse();
  }

  @Test
  void resumingACompletedImportSendsNothingAndFetchesNoToken() throws IOException {
    String importId = importRows(25).importId().orElseThrow();
    int issued = tokens.issued();
    int calls = sink.calls().size();

    ImportResult resumed = resume(importId);

    assertThat(resumed.ok()).isTrue();
    assertThat(resumed.records()).isEqualTo(25);
    assertThat(resumed.requests()).isZero();
    assertThat(tokens.issued()).isEqualTo(issued);
    assertThat(sink.calls()).hasSize(calls);
  }

  @Test
  void aResumeOfAnImportHeldElsewhereIsRefusedBeforeAnyTokenOrUpload() throws IOException {
    sink.script(call -> call.key().endsWith("-0-1") ? Action.answer(422) : Action.accept());
    String importId = importRows(25).importId().orElseThrow();
    sink.script(call -> Action.accept());
    int issued = tokens.issued();
    int calls = sink.calls().size();

    try (ImportJournal held = ImportJournal.reopen(stateDir(), importId)) {
      ImportResult resumed = resume(importId);

      assertThat(resumed.error().orElseThrow().code()).isEqualTo("IMPORT_LOCKED");
      assertThat(resumed.error().orElseThrow().getMessage())
          .contains(importId, "process " + ProcessHandle.current().pid());
    }
    assertThat(tokens.issued()).isEqualTo(issued);
    assertThat(sink.calls()).hasSize(calls);
  }
}
