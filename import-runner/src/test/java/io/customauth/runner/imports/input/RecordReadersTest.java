package io.customauth.runner.imports.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.customauth.runner.imports.ImportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordReadersTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** "line: json" for each record. */
  private static List<String> readAll(Path file) {
    List<String> out = new ArrayList<>();
    try (RecordReader reader = InputFormat.open(file)) {
      Optional<InputRecord> record;
      while ((record = reader.next()).isPresent()) {
        out.add(
            record.get().line() + ": " + new String(record.get().json(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void csvRowsBecomeObjectsOfStringsKeyedByTheHeaderWithTheirStartLine() throws IOException {
    Path file =
        write("a.csv", "id,note\r\n1,plain\r\n\r\n2,\"two\nlines, \"\"quoted\"\"\"\r\n3,\r\n");

    assertThat(readAll(file))
        .containsExactly(
            "2: {\"id\":\"1\",\"note\":\"plain\"}",
            "4: {\"id\":\"2\",\"note\":\"two\\nlines, \\\"quoted\\\"\"}",
            "6: {\"id\":\"3\",\"note\":\"\"}");
  }

  @Test
  void csvWithNonAsciiTextIsReadAsUtf8() throws IOException {
    Path file = write("u.csv", "name,city\nJürgen,Zürich €\n");

    assertThat(readAll(file)).containsExactly("2: {\"name\":\"Jürgen\",\"city\":\"Zürich €\"}");
  }

  @Test
  void csvBytesThatAreNotUtf8AreAnErrorNamingTheFile() throws IOException {
    Path file = dir.resolve("latin1.csv");
    Files.write(file, "name\nok\nJ\u00fcrgen\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> readAll(file))
        .isInstanceOfSatisfying(
            ImportException.class, e -> assertThat(e.code()).isEqualTo("INPUT_INVALID"))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void csvRowWithMoreFieldsThanTheHeaderNamesFileAndLineButNotTheValue() throws IOException {
    Path file = write("wide.csv", "id,name\n1,a\n2,b,secret-value\n");

    assertThatThrownBy(() -> readAll(file))
        .isInstanceOfSatisfying(
            ImportException.class, e -> assertThat(e.code()).isEqualTo("INPUT_INVALID"))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 3")
        .hasMessageContaining("more fields than the header (2 columns)")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void csvQuoteThatNeverClosesNamesTheLineWhereTheRecordStarts() throws IOException {
    Path file = write("open.csv", "id,name\n1,a\n2,\"never closed\n3,c\n4,d\n");

    assertThatThrownBy(() -> readAll(file))
        .hasMessageContaining("open.csv: line 3: a quoted field is never closed");
  }

  @Test
  void csvTextAfterAClosingQuoteIsMalformed() throws IOException {
    Path file = write("stray.csv", "id,name\n1,\"a\"b\n");

    assertThatThrownBy(() -> readAll(file))
        .hasMessageContaining("stray.csv: line 2: a closing quote is followed by");
  }

  @Test
  void ndjsonSkipsBlankLinesAndKeepsLineNumbers() throws IOException {
    Path file = write("a.ndjson", "{\"a\":1}\n\n   \n{\"a\":{\"b\":[1,2]}}\n");

    assertThat(readAll(file)).containsExactly("1: {\"a\":1}", "4: {\"a\":{\"b\":[1,2]}}");
  }

  @Test
  void ndjsonLineThatIsNotJsonNamesFileAndLine() throws IOException {
    Path file = write("bad.jsonl", "{\"a\":1}\n{\"a\": tru}\n");

    assertThatThrownBy(() -> readAll(file))
        .hasMessageContaining("bad.jsonl: line 2: not valid JSON")
        .hasMessageNotContaining("tru");
  }

  @Test
  void ndjsonLineThatIsNotAnObjectIsRefused() throws IOException {
    Path file = write("arr.ndjson", "{\"a\":1}\n[1,2]\n");

    assertThatThrownBy(() -> readAll(file))
        .hasMessageContaining("arr.ndjson: line 2: not a JSON object (found an array)");
  }

  @Test
  void ndjsonLineWithTwoObjectsIsRefused() throws IOException {
    Path file = write("two.ndjson", "{\"a\":1} {\"a\":2}\n");

    assertThatThrownBy(() -> readAll(file)).hasMessageContaining("two.ndjson: line 1");
  }

  @Test
  void jsonArrayElementsAreRecordsWithTheirLines() throws IOException {
    Path file = write("a.json", "[\n  {\"a\":1},\n  {\"a\":2}\n]\n");

    assertThat(readAll(file)).containsExactly("2: {\"a\":1}", "3: {\"a\":2}");
  }

  @Test
  void jsonArrayElementThatIsNotAnObjectIsRefused() throws IOException {
    Path file = write("a.json", "[\n  {\"a\":1},\n  42\n]\n");

    assertThatThrownBy(() -> readAll(file))
        .hasMessageContaining("a.json: line 3: array element 2 is not a JSON object");
  }

  @Test
  void jsonFileThatIsNotAnArrayIsRefused() throws IOException {
    Path file = write("obj.json", "{\"a\":1}");

    assertThatThrownBy(() -> readAll(file)).hasMessageContaining("one JSON array of objects");
  }

  @Test
  void brokenJsonInsideTheArrayNamesTheLine() throws IOException {
    Path file = write("cut.json", "[\n{\"a\":1},\n{\"a\":\n");

    assertThatThrownBy(() -> readAll(file)).hasMessageContaining("cut.json: line");
  }

  @Test
  void anUnknownExtensionIsRefused() throws IOException {
    Path file = write("data.txt", "x");

    assertThatThrownBy(() -> InputFormat.open(file)).hasMessageContaining("unknown input format");
  }
}
