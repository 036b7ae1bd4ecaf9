package io.customauth.runner.imports.batch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.input.InputFormat;
import io.customauth.runner.imports.input.RecordReader;
import io.customauth.runner.imports.upload.PayloadFormat;
import io.customauth.runner.imports.upload.UploadSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The batches of a file decide what each idempotency key covers: they must be the same for the same
 * input and settings, every time.
 */
class BatcherTest {
  @TempDir Path dir;

  private static UploadSettings settings(PayloadFormat format, int batchSize, int maxBatchBytes) {
    return new UploadSettings("POST", format, batchSize, 2, 5, maxBatchBytes);
  }

  /** Records of varied sizes: {"id":n,"pad":"xxx…"} with n % 7 * 30 padding. */
  private Path ndjson(int records) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= records; i++) {
      text.append("{\"id\":").append(i).append(",\"pad\":\"");
      text.append("x".repeat(i % 7 * 30)).append("\"}\n");
    }
    return Files.writeString(dir.resolve("in.ndjson"), text);
  }

  /** Each batch as "index:firstLine-lastLine/bytes". */
  private static List<String> cut(Path file, int fileIndex, UploadSettings settings) {
    List<String> out = new ArrayList<>();
    try (RecordReader reader = InputFormat.open(file, settings.maxRecordBytes())) {
      Batcher batcher = new Batcher(reader, fileIndex, file.toString(), settings);
      Optional<Batch> batch;
      while ((batch = batcher.next()).isPresent()) {
        Batch b = batch.get();
        assertThat(b.fileIndex()).isEqualTo(fileIndex);
        assertThat(b.bodyBytes(settings.format()))
            .as("the announced body size is the body's")
            .isEqualTo(settings.format().encode(b.records()).length)
            .isLessThanOrEqualTo(settings.maxBatchBytes());
        out.add(
            b.index()
                + ":"
                + b.firstLine()
                + "-"
                + b.lastLine()
                + "/"
                + b.bodyBytes(settings.format()));
      }
    }
    return out;
  }

  @Test
  void closesABatchAtBatchSizeRecords() throws IOException {
    Path file = ndjson(25);

    assertThat(cut(file, 0, settings(PayloadFormat.JSON, 10, 1 << 20)))
        .extracting(s -> s.substring(0, s.indexOf('/')))
        .containsExactly("0:1-10", "1:11-20", "2:21-25");
  }

  @ParameterizedTest
  @EnumSource(PayloadFormat.class)
  void closesABatchBeforeItsBodyWouldPassMaxBatchBytes(PayloadFormat format) throws IOException {
    Path file = ndjson(200);

    List<String> batches = cut(file, 0, settings(format, 500, 1024));

    assertThat(batches.size()).isGreaterThan(10);
    // Every batch but the last was closed because the next record would not have fitted.
    List<Long> lines = new ArrayList<>();
    for (String batch : batches) {
      lines.add(Long.parseLong(batch.substring(batch.indexOf(':') + 1, batch.indexOf('-'))));
    }
    assertThat(lines.get(0)).isEqualTo(1);
    assertThat(batches.get(batches.size() - 1)).contains("-200/");
  }

  @Test
  void aBodyMayFillMaxBatchBytesExactly() throws IOException {
    // Two records of 10 bytes: a JSON array body of 2 + 10 + 1 + 10 = 23 bytes.
    Path file = Files.writeString(dir.resolve("two.ndjson"), "{\"a\":\"12\"}\n{\"b\":\"34\"}\n");

    assertThat(cut(file, 0, settings(PayloadFormat.JSON, 10, 23))).containsExactly("0:1-2/23");
    assertThat(cut(file, 0, settings(PayloadFormat.JSON, 10, 22)))
        .containsExactly("0:1-1/12", "1:2-2/12");
  }

  @ParameterizedTest
  @EnumSource(PayloadFormat.class)
  void theSameInputAndSettingsAlwaysGiveTheSameBatches(PayloadFormat format) throws IOException {
    Path file = ndjson(300);
    UploadSettings settings = settings(format, 17, 2048);

    List<String> first = cut(file, 3, settings);

    assertThat(cut(file, 3, settings)).isEqualTo(first);
    assertThat(first).hasSizeGreaterThan(17);
  }

  @Test
  void batchIndexesCountFromZeroInEveryFile() throws IOException {
    Path file = ndjson(30);
    UploadSettings settings = settings(PayloadFormat.NDJSON, 10, 1 << 20);

    assertThat(cut(file, 0, settings))
        .extracting(s -> s.substring(0, 2))
        .containsExactly("0:", "1:", "2:");
    assertThat(cut(file, 1, settings))
        .extracting(s -> s.substring(0, 2))
        .containsExactly("0:", "1:", "2:");
  }

  @Test
  void aRecordLargerThanABodyMayBeIsInvalidNamingItsLineAndTheLimit() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("big.csv"), "id,note\n1,a\n2," + "z".repeat(3000) + "\n3,c\n");
    UploadSettings settings = settings(PayloadFormat.JSON, 10, 1024);

    try (RecordReader reader = InputFormat.open(file, 1 << 20)) {
      // A reader bounded more loosely than the body: the batcher still refuses the record.
      Batcher batcher = new Batcher(reader, 0, "big.csv", settings);
      assertThatThrownBy(batcher::next)
          .isInstanceOfSatisfying(
              ImportException.class, e -> assertThat(e.code()).isEqualTo("INPUT_INVALID"))
          .hasMessageContaining("big.csv: line 3: the record is larger than 1022 bytes")
          .hasMessageContaining("upload.maxBatchBytes (1024)");
    }
  }

  @Test
  void anEmptyFileGivesNoBatch() throws IOException {
    Path file = Files.writeString(dir.resolve("empty.ndjson"), "");

    assertThat(cut(file, 0, settings(PayloadFormat.JSON, 10, 1024))).isEmpty();
  }

  @Test
  void recordBytesIsTheSumOfTheRecordsJson() throws IOException {
    Path file = Files.writeString(dir.resolve("r.ndjson"), "{\"a\":1}\n{\"bb\":22}\n");
    try (RecordReader reader = InputFormat.open(file)) {
      Batch batch =
          new Batcher(reader, 0, "r.ndjson", settings(PayloadFormat.NDJSON, 10, 1024))
              .next()
              .orElseThrow();
      assertThat(batch.recordBytes()).isEqualTo("{\"a\":1}{\"bb\":22}".getBytes(UTF_8).length);
    }
  }
}
