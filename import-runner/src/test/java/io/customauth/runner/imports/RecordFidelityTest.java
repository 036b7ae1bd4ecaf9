package io.customauth.runner.imports;

import static io.customauth.runner.imports.ImportFixtures.connector;
import static io.customauth.runner.imports.ImportFixtures.connectorFile;
import static io.customauth.runner.imports.ImportFixtures.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.imports.ImportFixtures.RecordingSleeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records arrive at the receiver byte for byte as the input has them: numbers, strings, escapes and
 * key order are never re-serialised. Every input format against every body format; every way a CSV
 * parser could change a value or a header name on the way.
 */
class RecordFidelityTest {
  /** Records that a parse-and-write round trip changes. */
  static final List<String> TRICKY =
      List.of(
          "{\"price\":19.990,\"big\":12345678.90,\"huge\":1e400,\"tiny\":1e-400}",
          "{\"e\":1E5,\"ep\":1e+5,\"em\":2.5E-3,\"eM\":7e-0,\"neg\":-0,\"zero\":0.0,\"nz\":-0.0}",
          "{\"int\":12345678901234567890123,\"pi\":3.14159265358979323846264338327950288419716939937510}",
          "{\"esc\":\"caf\\u00e9 \\/ \\\"q\\\" \\\\ \\n\\t\\u0001\",\"upper\":\"\\u00E9\\u00c9\"}",
          "{\"pair\":\"\\ud83d\\ude00\",\"raw\":\"café 😀 日本\",\"k\\u00e9y\":1}",
          "{\"z\":1,\"a\":2,\"m\":{\"y\":[1,[2,[3,{}]]],\"b\":null},\"t\":true,\"f\":false}",
          "{}",
          "{\"arr\":[],\"obj\":{},\"deep\":{\"d\":{\"d\":{\"x\":\"y\"}}},\"n\":[-1.5e-10,0,1]}");

  @TempDir Path dir;
  private ScriptedSink sink;

  @BeforeEach
  void startSink() throws IOException {
    sink = new ScriptedSink();
  }

  @AfterEach
  void stopSink() {
    sink.close();
  }

  @ParameterizedTest(name = "{0} input, {1} body")
  @CsvSource({"ndjson, ndjson", "ndjson, json", "json, ndjson", "json, json"})
  void everyRecordArrivesByteForByteAsWritten(String input, String body) throws IOException {
    Path file =
        input.equals("ndjson")
            ? Files.writeString(dir.resolve("in.ndjson"), String.join("\n", TRICKY) + "\n")
            // Whitespace between elements, as a pretty-printed export has it.
            : Files.writeString(
                dir.resolve("in.json"), "[\n  " + String.join(",\n  ", TRICKY) + "\n]\n");

    ImportResult result =
        new ImportEngine(options(dir.resolve("state"), new RecordingSleeper()))
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file)),
                connector(new SequenceTokenStrategy("tok-"), sink.urlTemplate(), body, 100, 1, 5),
                ImportProgress.NONE);

    assertThat(result.ok()).as(result.summaryLine()).isTrue();
    String expected =
        body.equals("ndjson")
            ? TRICKY.stream().map(r -> r + "\n").collect(Collectors.joining())
            : "[" + String.join(",", TRICKY) + "]";
    assertThat(sink.bodies()).containsExactly(expected);
  }

  @ParameterizedTest(name = "{0} body")
  @CsvSource({"ndjson", "json"})
  void whitespaceInsideAJsonElementIsDroppedButNotInsideItsStrings(String body) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("pretty.json"),
            "[\n  {\n    \"a\" : [ 1 ,\t2 ],\r\n    \"s\" : \" two  spaces \\\" \"\n  }\n]\n");

    ImportResult result =
        new ImportEngine(options(dir.resolve("state"), new RecordingSleeper()))
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file)),
                connector(new SequenceTokenStrategy("tok-"), sink.urlTemplate(), body, 100, 1, 5),
                ImportProgress.NONE);

    assertThat(result.ok()).as(result.summaryLine()).isTrue();
    String record = "{\"a\":[1,2],\"s\":\" two  spaces \\\" \"}";
    assertThat(sink.bodies())
        .containsExactly(body.equals("ndjson") ? record + "\n" : "[" + record + "]");
  }

  /**
   * One case per way a CSV value or header name could be altered: a name, the file's text, and the
   * records (as JSON) the receiver must get, in order.
   */
  static Stream<Arguments> csvCases() {
    return Stream.of(
        csv(
            "leading spaces of the first and every other field",
            "a,b,c\n  x,  y,  z\n",
            "{\"a\":\"  x\",\"b\":\"  y\",\"c\":\"  z\"}"),
        csv(
            "trailing spaces of every field, the last one too",
            "a,b\nx  ,y  \n",
            "{\"a\":\"x  \",\"b\":\"y  \"}"),
        csv(
            "tabs at both ends of the first and the last field",
            "a,b\n\tx\t,\ty\t\n",
            "{\"a\":\"\\tx\\t\",\"b\":\"\\ty\\t\"}"),
        csv(
            "spaces before a quote: the quote is text",
            "a,b\nx, \"y\"\n",
            "{\"a\":\"x\",\"b\":\" \\\"y\\\"\"}"),
        csv("spaces inside quotes", "a,b\n\"  x  \",\" y \"\n", "{\"a\":\"  x  \",\"b\":\" y \"}"),
        csv(
            "spaces after a closing quote are not part of the field",
            "a,b\n\"x\"  ,\"y\" \n",
            "{\"a\":\"x\",\"b\":\"y\"}"),
        csv(
            "a line of only spaces is a row of one field",
            "a,b\n1,2\n   \n3,4\n",
            "{\"a\":\"1\",\"b\":\"2\"}",
            "{\"a\":\"   \"}",
            "{\"a\":\"3\",\"b\":\"4\"}"),
        csv("a line of spaces and tabs is a row of one field", "a\n \t \n", "{\"a\":\" \\t \"}"),
        csv(
            "header names keep their spaces and tabs",
            " a ,\tb,c \n1,2,3\n",
            "{\" a \":\"1\",\"\\tb\":\"2\",\"c \":\"3\"}"),
        csv(
            "empty lines before the header and between rows are skipped",
            "\n\na,b\n\n 1,2\n\n\n 3,4\n\n",
            "{\"a\":\" 1\",\"b\":\"2\"}",
            "{\"a\":\" 3\",\"b\":\"4\"}"),
        csv(
            "lines of spaces and tabs before the header are skipped",
            "  \n\t\n a,b\n 1,2\n",
            "{\" a\":\" 1\",\"b\":\"2\"}"),
        csv(
            "CR LF line ends",
            "a,b\r\n x , y \r\n\r\n1,2\r\n",
            "{\"a\":\" x \",\"b\":\" y \"}",
            "{\"a\":\"1\",\"b\":\"2\"}"),
        csv(
            "CR line ends",
            "a,b\r x , y \r\r1,2\r",
            "{\"a\":\" x \",\"b\":\" y \"}",
            "{\"a\":\"1\",\"b\":\"2\"}"),
        csv(
            "line breaks inside quotes are kept as they are",
            "a,b\r\n\"x\r\ny\",\"p\rq\nr \"\r\n",
            "{\"a\":\"x\\r\\ny\",\"b\":\"p\\rq\\nr \"}"),
        csv(
            "a BOM is not part of the first header name",
            "\uFEFF a,b\n x,y\n",
            "{\" a\":\" x\",\"b\":\"y\"}"),
        csv(
            "a BOM, then empty lines before the header",
            "\uFEFF\n\r\na,b\n1,2\n",
            "{\"a\":\"1\",\"b\":\"2\"}"),
        csv(
            "a last line without a line break keeps its trailing spaces",
            "a,b\n x , y ",
            "{\"a\":\" x \",\"b\":\" y \"}"),
        csv(
            "an empty field, a quoted empty field and a trailing comma are rows; an empty line is not",
            "a\n\"\"\n\n,\n \n",
            "{\"a\":\"\"}",
            "{\"a\":\"\"}",
            "{\"a\":\" \"}"),
        csv(
            "a trailing comma, empty or blank, is ignored",
            "a,b,\n1,2,\n3,4,  \n",
            "{\"a\":\"1\",\"b\":\"2\"}",
            "{\"a\":\"3\",\"b\":\"4\"}"),
        csv(
            "backslashes, a quote inside a field and a leading # are text",
            "a,b\nC:\\dir\\,ab\"c\n#x,y\n",
            "{\"a\":\"C:\\\\dir\\\\\",\"b\":\"ab\\\"c\"}",
            "{\"a\":\"#x\",\"b\":\"y\"}"),
        csv(
            "other spaces (no-break, ideographic) at the ends of fields",
            "a,b\n\u00A0x\u3000,\u2003y\n",
            "{\"a\":\"\u00A0x\u3000\",\"b\":\"\u2003y\"}"));
  }

  private static Arguments csv(String name, String text, String... records) {
    return Arguments.of(name, text, List.of(records));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("csvCases")
  void everyCsvValueAndHeaderNameArrivesAsWritten(String name, String text, List<String> records)
      throws IOException {
    Path file = Files.writeString(dir.resolve("in.csv"), text);

    ImportResult result =
        new ImportEngine(options(dir.resolve("state"), new RecordingSleeper()))
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file)),
                connector(
                    new SequenceTokenStrategy("tok-"), sink.urlTemplate(), "ndjson", 100, 1, 5),
                ImportProgress.NONE);

    assertThat(result.ok()).as(result.summaryLine()).isTrue();
    assertThat(sink.bodies())
        .containsExactly(records.stream().map(r -> r + "\n").collect(Collectors.joining()));
  }
}
