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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Records arrive at the receiver byte for byte as the input has them: numbers, strings, escapes and
 * key order are never re-serialised. Every input format against every body format.
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
}
