package io.customauth.runner.imports;

import static io.customauth.runner.imports.ImportFixtures.csv;
import static io.customauth.runner.imports.ImportFixtures.resumeInto;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.imports.batch.Batcher;
import io.customauth.runner.imports.input.ContentDigest;
import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.journal.ImportJournal;
import io.customauth.runner.imports.journal.JournalHeader;
import io.customauth.runner.imports.upload.PayloadFormat;
import io.customauth.runner.imports.upload.UploadSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import started by a runner that fingerprinted inputs with SHA-256 (journal versions 1 and 2)
 * is resumed by this one, which records CRC-32C: its files are checked with the algorithm the
 * journal names, so an unchanged file resumes and a changed one is refused.
 */
class EarlierJournalDigestResumeTest {
  private static final String ID = "imp-abcdefghijkl";

  @TempDir Path dir;

  private JournalHeader sha256Header(InputFileFingerprint file) {
    return ImportFixtures.header(
        dir,
        ID,
        List.of(file),
        new UploadSettings("POST", PayloadFormat.JSON, 10, 2, 5),
        Batcher.VERSION);
  }

  @Test
  void anUnchangedFileResumesAndEveryRecordIsSent() throws IOException {
    Path file = csv(dir, "a.csv", "a", 25);
    Path stateDir = dir.resolve("state");
    InputFileFingerprint recorded = InputFileFingerprint.of(file, ContentDigest.SHA256);
    assertThat(recorded.digest()).startsWith("sha256:");
    ImportJournal.create(stateDir, sha256Header(recorded)).close();

    try (ScriptedSink sink = new ScriptedSink()) {
      ImportResult result = resumeInto(stateDir, ID, sink);

      assertThat(result.error()).isEmpty();
      assertThat(result.ok()).isTrue();
      assertThat(sink.uniqueRecords()).isEqualTo(25);
    }
  }

  @Test
  void aFileChangedSinceIsRefusedAndNothingIsSent() throws IOException {
    Path file = csv(dir, "a.csv", "a", 25);
    Path stateDir = dir.resolve("state");
    ImportJournal.create(
            stateDir, sha256Header(InputFileFingerprint.of(file, ContentDigest.SHA256)))
        .close();
    // Same size, one record changed.
    Files.writeString(file, Files.readString(file).replace("a7,name 7", "a7,name 8"));

    try (ScriptedSink sink = new ScriptedSink()) {
      ImportResult result = resumeInto(stateDir, ID, sink);

      assertThat(result.ok()).isFalse();
      assertThat(result.error().orElseThrow().code()).isEqualTo("INPUT_CHANGED");
      assertThat(sink.calls()).isEmpty();
    }
  }
}
