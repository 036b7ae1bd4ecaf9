package io.customauth.runner.imports.input;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.customauth.runner.imports.ImportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the readers refuse and where they say it is: repeated keys, parser limits, bytes that are
 * not UTF-8, records beyond the byte limit, CSV headers; and what every format accepts alike (a
 * byte order mark, an empty file).
 */
class RecordReaderLimitsTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** "line: json" of each record, stopping at (and keeping) the first failure. */
  private static List<String> readAll(Path file, int maxRecordBytes) {
    List<String> out = new ArrayList<>();
    try (RecordReader reader = InputFormat.open(file, maxRecordBytes)) {
      Optional<InputRecord> record;
      while ((record = reader.next()).isPresent()) {
        out.add(record.get().line() + ": " + new String(record.get().json(), UTF_8));
      }
    }
    return out;
  }

  private static List<String> readAll(Path file) {
    return readAll(file, InputFormat.DEFAULT_MAX_RECORD_BYTES);
  }

  /** The records read before the reader failed, and the failure. */
  private static List<String> readUntilFailure(Path file, List<Throwable> failure) {
    List<String> out = new ArrayList<>();
    try (RecordReader reader = InputFormat.open(file)) {
      Optional<InputRecord> record;
      while ((record = reader.next()).isPresent()) {
        out.add(record.get().line() + ": " + new String(record.get().json(), UTF_8));
      }
    } catch (ImportException e) {
      failure.add(e);
    }
    return out;
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(Runnable read) {
    return assertThatThrownBy(read::run)
        .isInstanceOfSatisfying(
            ImportException.class, e -> assertThat(e.code()).isEqualTo("INPUT_INVALID"));
  }

  @Test
  void ndjsonDuplicateKeyIsInvalidNamingFileLineAndKey() throws IOException {
    Path file = write("dup.ndjson", "{\"a\":1}\n{\"d\":1,\"x\":{\"d\":3},\"d\":2}\n");

    assertInvalid(() -> readAll(file))
        .hasMessageContaining("dup.ndjson: line 2: the key \"d\" appears twice in the record");
  }

  @Test
  void jsonArrayDuplicateKeyIsInvalidNamingFileLineAndKey() throws IOException {
    Path file = write("dup.json", "[\n{\"a\":1},\n{\"n\":{\"k\":1,\n\"k\":2}}\n]");

    assertInvalid(() -> readAll(file))
        .hasMessageContaining("dup.json: line 4: the key \"k\" appears twice in the record");
  }

  @Test
  void theSameKeyInDifferentObjectsOfARecordIsNoDuplicate() throws IOException {
    Path file = write("ok.ndjson", "{\"d\":1,\"x\":{\"d\":2},\"y\":[{\"d\":3},{\"d\":4}]}\n");

    assertThat(readAll(file)).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ndjson", "json"})
  void aNumberBeyondTheParserLimitIsNamedAsSuchWithItsLine(String format) throws IOException {
    Path file = records(format, "{\"a\":1}", "{\"n\":" + "9".repeat(1001) + "}");

    assertInvalid(() -> readAll(file))
        .hasMessageContaining(": line 2: a number longer than 1000 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ndjson", "json"})
  void nestingBeyondTheParserLimitIsNamedAsSuchWithItsLine(String format) throws IOException {
    Path file = records(format, "{\"a\":1}", "{\"n\":" + "[".repeat(1000) + "]".repeat(1000) + "}");

    assertInvalid(() -> readAll(file))
        .hasMessageContaining(": line 2: nested deeper than 1000 levels");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ndjson", "json"})
  void aKeyBeyondTheParserLimitIsNamedAsSuchWithItsLine(String format) throws IOException {
    Path file = records(format, "{\"a\":1}", "{\"" + "k".repeat(50_001) + "\":1}");

    assertInvalid(() -> readAll(file))
        .hasMessageContaining(": line 2: a key longer than 50000 characters")
        .hasMessageNotContaining("kkkk");
  }

  @Test
  void aCsvFieldLongerThanARecordMayBeIsNamedAsSuch() throws IOException {
    Path file = write("long.csv", "id,note\n1,short\n2," + "x".repeat(5000) + "\n");

    assertInvalid(() -> readAll(file, 1024))
        .hasMessageContaining("long.csv: line 3: a field longer than 1024 characters");
  }

  /** A file of {@code format} whose records are on lines 1, 2, ... */
  private Path records(String format, String... records) throws IOException {
    if (format.equals("ndjson")) {
      return write("r.ndjson", String.join("\n", records) + "\n");
    }
    // "[" shares line 1 with the first record, so each record's line is its position.
    return write("r.json", "[" + String.join(",\n", records) + "\n]\n");
  }

  @Test
  void ndjsonNotUtf8OnALaterLineNamesThatLineAfterTheGoodRecords() throws IOException {
    Path file = dir.resolve("latin1.ndjson");
    Files.write(
        file,
        concat(
            "{\"a\":1}\n{\"a\":2}\n{\"name\":\"J".getBytes(UTF_8),
            new byte[] {(byte) 0xFC},
            "rgen\"}\n{\"a\":4}\n".getBytes(UTF_8)));
    List<Throwable> failure = new ArrayList<>();

    assertThat(readUntilFailure(file, failure)).containsExactly("1: {\"a\":1}", "2: {\"a\":2}");
    assertThat(failure)
        .singleElement()
        .satisfies(
            e -> assertThat(e).hasMessageContaining("latin1.ndjson: line 3: not valid UTF-8"));
  }

  @Test
  void jsonNotUtf8OnALaterLineNamesThatLineAfterTheGoodRecords() throws IOException {
    Path file = dir.resolve("latin1.json");
    Files.write(
        file,
        concat(
            "[{\"a\":1},\n{\"a\":2},\n{\"name\":\"J".getBytes(UTF_8),
            new byte[] {(byte) 0xFC},
            "rgen\"}]\n".getBytes(UTF_8)));
    List<Throwable> failure = new ArrayList<>();

    assertThat(readUntilFailure(file, failure)).containsExactly("1: {\"a\":1}", "2: {\"a\":2}");
    assertThat(failure)
        .singleElement()
        .satisfies(e -> assertThat(e).hasMessageContaining("latin1.json: line 3: not valid UTF-8"));
  }

  @Test
  void csvNotUtf8OnALaterLineNamesThatLineAfterTheGoodRecords() throws IOException {
    Path file = dir.resolve("latin1.csv");
    StringBuilder good = new StringBuilder("id,name\n");
    for (int i = 1; i <= 2000; i++) {
      good.append(i).append(",name ").append(i).append('\n');
    }
    Files.write(
        file,
        concat(
            good.toString().getBytes(UTF_8),
            "2001,J".getBytes(UTF_8),
            new byte[] {(byte) 0xFC},
            "rgen\n2002,x\n".getBytes(UTF_8)));
    List<Throwable> failure = new ArrayList<>();

    assertThat(readUntilFailure(file, failure)).hasSize(2000).last().asString().startsWith("2001:");
    assertThat(failure)
        .singleElement()
        .satisfies(
            e -> assertThat(e).hasMessageContaining("latin1.csv: line 2002: not valid UTF-8"));
  }

  /**
   * A CSV of short rows, then a row whose {@code middle} bytes start at {@code at} (across the
   * reader's 64 KiB checking buffer when near 65536), then one more row. The rows before it number
   * {@code rows[0]} on return.
   */
  private Path csvWithBytesAt(String name, int at, byte[] middle, int[] rows) throws IOException {
    StringBuilder text = new StringBuilder("id,name\n");
    int count = 0;
    while (text.length() < at - 40) {
      count++;
      text.append(count).append(",name ").append(count).append('\n');
    }
    String start = (count + 1) + ",";
    text.append(start).append("x".repeat(at - text.length() - start.length()));
    rows[0] = count;
    return Files.write(
        dir.resolve(name),
        concat(
            text.toString().getBytes(UTF_8),
            middle,
            ("y\n" + (count + 2) + ",z\n").getBytes(UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(ints = {65533, 65534, 65535, 65536, 16383, 131071})
  void csvNotUtf8AcrossABufferBoundaryNamesItsLineAfterEveryRecordBeforeIt(int at)
      throws IOException {
    byte[][] invalid = {
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}
    };
    for (byte[] bad : invalid) {
      int[] rows = new int[1];
      Path file = csvWithBytesAt("bad.csv", at, bad, rows);
      List<Throwable> failure = new ArrayList<>();

      List<String> read = readUntilFailure(file, failure);

      assertThat(read).hasSize(rows[0]);
      assertThat(read.get(rows[0] - 1)).startsWith((rows[0] + 1) + ": {\"id\":\"" + rows[0] + "\"");
      assertThat(failure)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e)
                      .hasMessageContaining(
                          "bad.csv: line " + (rows[0] + 2) + ": not valid UTF-8"));
    }
  }

  /**
   * A bad byte that starts a line: the parser has not handed out the row before it yet when the
   * byte is met, yet the error names the line of the byte, not that row's, with any line ending,
   * after a BOM, after a quoted field spanning lines, and across the checking buffer's boundary.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a\n1\n2\n|4",
        "a,b\r\n1,2\r\n3,4\r\n|4",
        "a\r1\r2\r|4",
        "\uFEFFa\n1\n\n2\n|5",
        "a,b\n1,\"two\nlines\"\n3,4\n|5",
        "a\n|2"
      })
  void csvNotUtf8AtTheStartOfALineNamesThatLine(String textAndLine) throws IOException {
    String[] parts = textAndLine.split("\\|");
    for (byte[] bad : new byte[][] {{(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}}) {
      Path file =
          Files.write(
              dir.resolve("start.csv"),
              concat(parts[0].getBytes(UTF_8), bad, ",5\n6,7\n".getBytes(UTF_8)));
      List<Throwable> failure = new ArrayList<>();

      readUntilFailure(file, failure);

      assertThat(failure)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e)
                      .hasMessageContaining("start.csv: line " + parts[1] + ": not valid UTF-8"));
    }
  }

  @Test
  void csvNotUtf8AtALineStartAcrossTheBufferBoundaryNamesThatLine() throws IOException {
    int[] rows = new int[1];
    // The row before ends right before byte 65536, and the bad byte starts the next line there.
    Path file = csvWithBytesAt("edge.csv", 65535, new byte[] {'\n', (byte) 0xFF}, rows);
    List<Throwable> failure = new ArrayList<>();

    readUntilFailure(file, failure);

    assertThat(failure)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .hasMessageContaining("edge.csv: line " + (rows[0] + 3) + ": not valid UTF-8"));
  }

  @ParameterizedTest
  @ValueSource(ints = {65533, 65534, 65535, 65536})
  void csvCharactersAcrossABufferBoundaryAreReadWhole(int at) throws IOException {
    int[] rows = new int[1];
    Path file = csvWithBytesAt("good.csv", at, "😀é".getBytes(UTF_8), rows);

    List<String> read = readAll(file);

    assertThat(read).hasSize(rows[0] + 2);
    assertThat(read.get(rows[0])).endsWith("x😀éy\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.csv", "a.ndjson", "a.json"})
  void aByteOrderMarkIsAcceptedInEveryFormat(String name) throws IOException {
    String text =
        switch (name) {
          case "a.csv" -> "id\n1\n";
          case "a.ndjson" -> "{\"id\":\"1\"}\n";
          default -> "[{\"id\":\"1\"}]\n";
        };
    Path file = dir.resolve(name);
    Files.write(file, concat(BOM, text.getBytes(UTF_8)));

    assertThat(readAll(file))
        .containsExactly((name.equals("a.csv") ? "2" : "1") + ": {\"id\":\"1\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"empty.csv", "empty.ndjson", "empty.json"})
  void anEmptyFileHoldsNoRecordsInEveryFormat(String name) throws IOException {
    assertThat(readAll(write(name, ""))).isEmpty();
  }

  @Test
  void aCsvWithOnlyAHeaderHoldsNoRecordsLikeAnEmptyOne() throws IOException {
    assertThat(readAll(write("header.csv", "id,name\n"))).isEmpty();
    assertThat(readAll(write("blank.csv", "\n\n"))).isEmpty();
    assertThat(readAll(write("spaces.csv", "\r\n  \r\n\t \r\n"))).isEmpty();
  }

  @Test
  void aCsvHeaderNamingAColumnTwiceIsInvalidAtLine1() throws IOException {
    Path file = write("twice.csv", "id,name,id\n1,a,2\n");

    assertInvalid(() -> readAll(file))
        .hasMessageContaining("twice.csv: line 1: the header names \"id\" twice (columns 1 and 3)");
  }

  @Test
  void aCsvHeaderWithAnEmptyNameIsInvalidAtLine1() throws IOException {
    Path file = write("gap.csv", "id,,name\n1,2,3\n");

    assertInvalid(() -> readAll(file))
        .hasMessageContaining("gap.csv: line 1: the header's column 2 has no name");
  }

  @Test
  void aCsvHeaderAfterBlankLinesIsCheckedAtItsOwnLine() throws IOException {
    Path twice = write("twice.csv", "\n \r\n\t\nid,name,id\n1,a,2\n");
    Path gap = write("gap.csv", "\n\nid, \t ,name\n1,2,3\n");

    assertInvalid(() -> readAll(twice))
        .hasMessageContaining("twice.csv: line 4: the header names \"id\" twice (columns 1 and 3)");
    assertInvalid(() -> readAll(gap))
        .hasMessageContaining("gap.csv: line 3: the header's column 2 has no name");
  }

  @Test
  void aCsvHeaderOfOnlyCommasIsInvalidNotAFileWithoutRecords() throws IOException {
    // Jackson's header mode took this for "no header": the file imported nothing, successfully.
    Path file = write("commas.csv", ",,\n1,2,3\n");

    assertInvalid(() -> readAll(file))
        .hasMessageContaining("commas.csv: line 1: the header's column 1 has no name");
  }

  @Test
  void aQuotedEmptyHeaderIsAHeaderWithoutANameNotAStrayLineBeforeTheHeader() throws IOException {
    // Only an empty line or one of spaces and tabs is skipped before the header; `""` is written
    // on purpose, as a column name, and an empty name is refused.
    Path file = write("quoted.csv", "\n\"\"\nid\n1\n");

    assertInvalid(() -> readAll(file))
        .hasMessageContaining("quoted.csv: line 2: the header's column 1 has no name");
  }

  @Test
  void aCsvHeaderNameDiffersFromTheSameNameWithSpaces() throws IOException {
    assertThat(readAll(write("spaced.csv", "id, id,id \n1,2,3\n")))
        .containsExactly("2: {\"id\":\"1\",\" id\":\"2\",\"id \":\"3\"}");
  }

  @Test
  void csvLineNumbersCountSkippedLinesBeforeTheHeaderAndBetweenRows() throws IOException {
    Path file =
        write("lines.csv", "\r\n \r\nid,note\r\n\r\n  1,a\r\n   \r\n\r\n2,\"b\r\nc\"\r\n3,d");

    assertThat(readAll(file))
        .containsExactly(
            "5: {\"id\":\"  1\",\"note\":\"a\"}",
            "6: {\"id\":\"   \"}",
            "8: {\"id\":\"2\",\"note\":\"b\\r\\nc\"}",
            "10: {\"id\":\"3\",\"note\":\"d\"}");
  }

  @Test
  void aCsvRowWithMoreFieldsThanTheHeaderAfterBlankLinesNamesItsLine() throws IOException {
    Path file = write("wide.csv", "\n\nid\n1\n\n 2, \n3,x\n");
    List<Throwable> failure = new ArrayList<>();

    assertThat(readUntilFailure(file, failure))
        .containsExactly("4: {\"id\":\"1\"}", "6: {\"id\":\" 2\"}");
    assertThat(failure)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .hasMessageContaining(
                        "wide.csv: line 7: the row has more fields than the header (1 columns)")
                    .hasMessageNotContaining("x"));
  }

  /**
   * Empty lines, {@code ""} rows, {@code ,} rows and rows of one space at every position across the
   * parser's buffers, with every line ending: only the empty lines are skipped. An empty line is
   * told from the others by where the parser stands after its one field; this pins that down.
   */
  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void csvEmptyLinesAreSkippedAtEveryBufferPositionAndNothingElseIs(String lineEnd)
      throws IOException {
    StringBuilder text = new StringBuilder("a").append(lineEnd);
    List<String> expected = new ArrayList<>();
    int line = 2;
    for (int i = 0; i < 12_000; i++, line++) {
      String kind = String.valueOf(i % 5);
      switch (kind) {
        case "0" -> {
          text.append("v").append(i);
          expected.add(line + ": {\"a\":\"v" + i + "\"}");
        }
        case "1" -> text.append(""); // skipped
        case "2" -> {
          text.append("\"\"");
          expected.add(line + ": {\"a\":\"\"}");
        }
        case "3" -> {
          text.append(",");
          expected.add(line + ": {\"a\":\"\"}");
        }
        default -> {
          text.append(" ");
          expected.add(line + ": {\"a\":\" \"}");
        }
      }
      text.append(lineEnd);
      // Vary the lengths so that every kind of line meets the buffers' ends somewhere.
      if (i % 7 == 0) {
        text.append("x".repeat(i % 13)).append(lineEnd);
        expected.add((++line) + ": {\"a\":\"" + "x".repeat(i % 13) + "\"}");
        if (i % 13 == 0) {
          expected.remove(expected.size() - 1); // an empty line after all
        }
      }
    }
    Path file = write("kinds.csv", text.toString());

    assertThat(readAll(file)).containsExactlyElementsOf(expected);
  }

  @Test
  void anNdjsonLineLongerThanARecordMayBeStopsAtThatLine() throws IOException {
    Path file = write("long.ndjson", "{\"a\":1}\n{\"a\":\"" + "x".repeat(2000) + "\"}\n");

    assertInvalid(() -> readAll(file, 1024))
        .hasMessageContaining("long.ndjson: line 2: the record is larger than 1024 bytes");
  }

  @Test
  void aJsonElementLargerThanARecordMayBeStopsAtItsLine() throws IOException {
    Path file = write("long.json", "[{\"a\":1},\n{\"a\":\"" + "x".repeat(2000) + "\"}]\n");

    assertInvalid(() -> readAll(file, 1024))
        .hasMessageContaining("long.json: line 2: the record is larger than 1024 bytes");
  }

  @Test
  void aCsvRowLargerThanARecordMayBeStopsAtItsLine() throws IOException {
    String fields = String.join(",", Collections.nCopies(20, "y".repeat(100)));
    StringBuilder header = new StringBuilder("c0");
    for (int i = 1; i < 20; i++) {
      header.append(",c").append(i);
    }
    Path file = write("wide.csv", header + "\n" + fields + "\n");

    assertInvalid(() -> readAll(file, 1024))
        .hasMessageContaining("wide.csv: line 2: the record is larger than 1024 bytes");
  }

  /**
   * A 4 GiB file whose second line never ends (sparse: it takes no disk): every reader stops at
   * that line after at most a record's worth of bytes, instead of reading it whole.
   */
  @ParameterizedTest
  @ValueSource(strings = {"huge.ndjson", "huge.json", "huge.csv"})
  void aMultiGigabyteLineFailsFastAtThatLine(String name) throws IOException {
    Path file = dir.resolve(name);
    String start =
        switch (name) {
          case "huge.ndjson" -> "{\"a\":1}\n{\"a\":\"";
          case "huge.json" -> "[{\"a\":1},\n{\"a\":\"";
          default -> "id,note\n1,\"";
        };
    Files.writeString(file, start);
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(4L << 30);
    }
    long began = System.nanoTime();

    assertInvalid(() -> readAll(file, 1 << 20)).hasMessageContaining(name + ": line 2: ");
    // Reading 4 GiB takes far longer than this; a record's worth takes milliseconds.
    assertThat((System.nanoTime() - began) / 1_000_000).isLessThan(20_000);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
