package io.customauth.runner.imports;

import static io.customauth.runner.imports.ImportFixtures.connector;
import static io.customauth.runner.imports.ImportFixtures.connectorFile;
import static io.customauth.runner.imports.ImportFixtures.options;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.imports.ImportFixtures.RecordingSleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes that are not UTF-8 but that Jackson's byte parser lets through (an encoded surrogate, an
 * overlong form, a code point above U+10FFFF) stop a JSON import at their line: nothing of the
 * record reaches the receiver, whatever the upload format and wherever in the record they are.
 */
class StrictUtf8ImportTest {
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

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    Object[][] members = {
      {"surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}},
      {"overlong", new byte[] {(byte) 0xC0, (byte) 0xAF}},
      {"above U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}},
    };
    for (Object[] member : members) {
      for (String input : List.of("ndjson", "json")) {
        for (String where : List.of("key", "value")) {
          for (String upload : List.of("json", "ndjson")) {
            cases.add(Arguments.of(member[0], member[1], input, where, upload));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} in a {3} of .{2}, upload {4}")
  @MethodSource("cases")
  void invalidUtf8StopsTheImportAtItsLineAndIsNeverForwarded(
      String member, byte[] bad, String input, String where, String upload) throws IOException {
    byte[] record =
        where.equals("key")
            ? concat("{\"id\":\"bad-record\",\"k".getBytes(UTF_8), bad, "\":\"x\"}".getBytes(UTF_8))
            : concat(
                "{\"id\":\"bad-record\",\"v\":\"x".getBytes(UTF_8), bad, "y\"}".getBytes(UTF_8));
    byte[] content =
        input.equals("ndjson")
            ? concat(
                "{\"id\":\"g1\"}\n{\"id\":\"g2\"}\n".getBytes(UTF_8),
                record,
                "\n{\"id\":\"g4\"}\n".getBytes(UTF_8))
            : concat(
                "[{\"id\":\"g1\"},\n{\"id\":\"g2\"},\n".getBytes(UTF_8),
                record,
                ",\n{\"id\":\"g4\"}]\n".getBytes(UTF_8));
    Path file = Files.write(dir.resolve("in." + input), content);

    ImportResult result =
        new ImportEngine(options(dir.resolve("state"), new RecordingSleeper()))
            .start(
                new ImportRequest(connectorFile(dir), "acme", List.of(file)),
                connector(new SequenceTokenStrategy("tok-"), sink.urlTemplate(), upload, 1, 1, 5),
                ImportProgress.NONE);

    assertThat(result.ok()).isFalse();
    ImportException error = result.error().orElseThrow();
    assertThat(error.code()).isEqualTo("INPUT_INVALID");
    assertThat(error.getMessage()).contains(file + ": line 3: not valid UTF-8 (column ");
    assertThat(sink.acceptedIds()).isSubsetOf("g1", "g2");
    assertThat(String.join("", sink.bodies())).doesNotContain("bad-record", "g4", "\uFFFD");
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
