package io.customauth.runner.imports;

import static io.customauth.runner.imports.ImportFixtures.csv;
import static io.customauth.runner.imports.ImportFixtures.resumeInto;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.imports.batch.Batcher;
import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.journal.ImportJournal;
import io.customauth.runner.imports.journal.JournalHeader;
import io.customauth.runner.imports.upload.PayloadFormat;
import io.customauth.runner.imports.upload.UploadSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What cuts files into batches is kept in the journal, so that a resume sends the same records
 * under each key: the body limit with the other upload settings, and the batching version.
 */
class BatchingVersionResumeTest {
  private static final String ID = "imp-abcdefghijkl";

  @TempDir Path dir;

  private JournalHeader header(Path file, int batchingVersion) {
    return ImportFixtures.header(
        dir,
        ID,
        List.of(InputFileFingerprint.of(file)),
        new UploadSettings("POST", PayloadFormat.NDJSON, 10, 2, 5, 4096),
        batchingVersion);
  }

  @Test
  void theJournalKeepsMaxBatchBytesAndTheBatchingVersion() throws IOException {
    Path file = csv(dir, "a.csv", "a", 5);
    Path stateDir = dir.resolve("state");
    ImportJournal.create(stateDir, header(file, Batcher.VERSION)).close();

    JournalHeader read = ImportJournal.readHeader(stateDir, ID);

    assertThat(read.upload().maxBatchBytes()).isEqualTo(4096);
    assertThat(read.batchingVersion()).isEqualTo(Batcher.VERSION);
    assertThat(read).isEqualTo(header(file, Batcher.VERSION));
  }

  @Test
  void aResumeOfBatchesCutByAnotherVersionIsRefused() throws IOException {
    Path file = csv(dir, "a.csv", "a", 5);
    Path stateDir = dir.resolve("state");
    ImportJournal.create(stateDir, header(file, 1)).close();
    try (ScriptedSink sink = new ScriptedSink()) {
      ImportResult result = resumeInto(stateDir, ID, sink);

      assertThat(result.ok()).isFalse();
      assertThat(result.error().orElseThrow().code()).isEqualTo("STATE_INVALID");
      assertThat(result.error().orElseThrow())
          .hasMessageContaining("cuts batches differently")
          .hasMessageContaining("start a new import");
      assertThat(sink.calls()).isEmpty();
    }
  }
}
