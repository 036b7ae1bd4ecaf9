package io.customauth.runner.imports.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.batch.Batch;
import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.input.InputRecord;
import io.customauth.runner.imports.upload.PayloadFormat;
import io.customauth.runner.imports.upload.UploadSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportJournalTest {
  private static final String ID = "imp-abcdefgh2345";
  @TempDir Path dir;

  private JournalHeader header() {
    return new JournalHeader(
        ID,
        Instant.parse("2026-01-01T00:00:00Z"),
        "/conn.json",
        "00ff",
        "p",
        List.of(new InputFileFingerprint("/in.csv", 10, "abcd", 3)),
        new UploadSettings("POST", PayloadFormat.JSON, 10, 2, 5));
  }

  private static Batch batch(int file, long index) {
    return new Batch(
        file, "in.csv", index, List.of(new InputRecord(2 + index * 10, new byte[] {'{', '}'})));
  }

  @Test
  void acknowledgedBatchesSurviveReopening() {
    try (ImportJournal journal = ImportJournal.create(dir, header())) {
      journal.acknowledge(batch(0, 0));
      journal.acknowledge(batch(0, 1));
    }

    try (ImportJournal journal = ImportJournal.reopen(dir, ID)) {
      assertThat(journal.header()).isEqualTo(header());
      assertThat(journal.isAcknowledged(0, 0)).isTrue();
      assertThat(journal.isAcknowledged(0, 1)).isTrue();
      assertThat(journal.isAcknowledged(0, 2)).isFalse();
      assertThat(journal.acknowledgedRecords()).isEqualTo(2);
    }
  }

  @Test
  void aTornLastLineIsIgnoredAndCutOffBeforeAppending() throws IOException {
    Path path = ImportJournal.pathFor(dir, ID);
    try (ImportJournal journal = ImportJournal.create(dir, header())) {
      journal.acknowledge(batch(0, 0));
    }
    Files.writeString(path, "1234abcd {\"type\":\"ack\",\"fi", StandardOpenOption.APPEND);

    try (ImportJournal journal = ImportJournal.reopen(dir, ID)) {
      assertThat(journal.acknowledgedBatches()).isEqualTo(1);
      journal.acknowledge(batch(0, 1));
    }

    try (ImportJournal journal = ImportJournal.reopen(dir, ID)) {
      assertThat(journal.isAcknowledged(0, 1)).isTrue();
      assertThat(journal.acknowledgedBatches()).isEqualTo(2);
    }
  }

  @Test
  void aLastLineWithABadChecksumIsIgnored() throws IOException {
    Path path = ImportJournal.pathFor(dir, ID);
    try (ImportJournal journal = ImportJournal.create(dir, header())) {
      journal.acknowledge(batch(0, 0));
    }
    String text = Files.readString(path);
    // Flip the batch number of the last line without fixing its checksum.
    Files.writeString(path, text.replace("\"batch\":0", "\"batch\":7"));

    assertThat(ImportJournal.read(path).acknowledged()).isEmpty();
  }

  @Test
  void aDamagedLineBeforeTheEndIsRefused() throws IOException {
    Path path = ImportJournal.pathFor(dir, ID);
    try (ImportJournal journal = ImportJournal.create(dir, header())) {
      journal.acknowledge(batch(0, 0));
      journal.acknowledge(batch(0, 1));
    }
    String text = Files.readString(path);
    Files.writeString(path, text.replaceFirst("\"batch\":0", "\"batch\":9"));

    assertThatThrownBy(() -> ImportJournal.read(path))
        .isInstanceOfSatisfying(
            ImportException.class, e -> assertThat(e.code()).isEqualTo("STATE_INVALID"))
        .hasMessageContaining("line 2 is damaged");
  }

  @Test
  void everyLineCarriesItsChecksum() throws IOException {
    try (ImportJournal journal = ImportJournal.create(dir, header())) {
      journal.acknowledge(batch(0, 0));
    }

    List<String> lines = Files.readAllLines(ImportJournal.pathFor(dir, ID), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2).allMatch(line -> line.matches("[0-9a-f]{8} \\{.*}"));
  }

  @Test
  void anIdThatIsNotAnImportIdCannotNameAPath() {
    assertThatThrownBy(() -> ImportJournal.pathFor(dir, "../etc/passwd"))
        .hasMessageContaining("is not an import id");
  }
}
