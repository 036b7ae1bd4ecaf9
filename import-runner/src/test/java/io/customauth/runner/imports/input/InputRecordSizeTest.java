package io.customauth.runner.imports.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A CSV row's size is counted without encoding it, and must equal the bytes it is sent as; those
 * bytes are what Jackson's generator writes for the row (as the import sent them before it wrote
 * rows itself).
 */
class InputRecordSizeTest {
  private static final JsonFactory JACKSON =
      JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

  private static byte[] jackson(String[] names, String[] values) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = JACKSON.createGenerator(out)) {
      generator.writeStartObject();
      for (int i = 0; i < values.length; i++) {
        generator.writeFieldName(names[i]);
        generator.writeString(values[i]);
      }
      generator.writeEndObject();
    }
    return out.toByteArray();
  }

  @Test
  void everyAsciiCharacterIsWrittenAsJacksonWritesIt() throws IOException {
    for (char c = 0; c < 0x80; c++) {
      String[] names = {"k" + c};
      String[] values = {"a" + c + "b"};
      InputRecord row = InputRecord.csvRow(2, names, values);

      assertThat(row.json()).as("U+%04X", (int) c).isEqualTo(jackson(names, values));
      assertThat(row.size()).isEqualTo(row.json().length);
    }
  }

  @Test
  void aWideCsvRowWithPlainAndEscapedFieldsIsReadAndWrittenAsJacksonWritesIt(@TempDir Path dir)
      throws IOException {
    int columns = 70;
    String[] names = new String[columns];
    String[] values = new String[columns];
    for (int i = 0; i < columns; i++) {
      names[i] = i % 7 == 3 ? "n\u00e4me" + i : "name" + i;
      values[i] = i % 5 == 1 ? "v\"" + i : i % 11 == 2 ? "\u20ac" + i : "value" + i;
    }
    Path file = dir.resolve("wide.csv");
    Files.writeString(
        file,
        String.join(",", names)
            + "\n"
            + Arrays.stream(values)
                .map(v -> v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v)
                .collect(Collectors.joining(","))
            + "\n");

    byte[] expected = jackson(names, values);
    try (RecordReader reader = InputFormat.open(file)) {
      InputRecord row = reader.next().orElseThrow();
      assertThat(row.size()).isEqualTo(expected.length);
      assertThat(row.json()).isEqualTo(expected);
    }
    InputRecord built = InputRecord.csvRow(2, names, values);
    assertThat(built.size()).isEqualTo(expected.length);
    assertThat(built.json()).isEqualTo(expected);
  }

  @Test
  void randomTextIsWrittenAsJacksonWritesIt() throws IOException {
    Random random = new Random(3);
    String[] pool = {
      "a",
      "Z",
      " ",
      "\"",
      "\\",
      "/",
      "\u0000",
      "\t",
      "\n",
      "\u001f",
      "\u007f",
      "\u0080",
      "é",
      "\u07ff",
      "\u0800",
      "€",
      "\ud7ff",
      "\ue000",
      "\uffff",
      "😀",
      "\udbff\udfff",
      "日本"
    };
    for (int round = 0; round < 5_000; round++) {
      String[] names = {"id", "name", "note"};
      String[] values = new String[1 + random.nextInt(3)];
      for (int v = 0; v < values.length; v++) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
          text.append(pool[random.nextInt(pool.length)]);
        }
        values[v] = text.toString();
      }
      InputRecord row = InputRecord.csvRow(2, names, values);

      byte[] expected = jackson(names, values);
      assertThat(row.json()).isEqualTo(expected);
      assertThat(row.size()).isEqualTo(expected.length);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain",
        "quote \" and backslash \\",
        "tab\tnewline\ncr\rbackspace\bformfeed\f",
        "control \u0001 \u001f del \u007f",
        "latin é ß, euro €, cjk 日本",
        "emoji 😀 pair",
        "slash / stays"
      })
  void aCsvRowsSizeIsTheLengthOfItsJson(String value) throws IOException {
    InputRecord row =
        InputRecord.csvRow(2, new String[] {"name", "ключ"}, new String[] {value, "v"});

    assertThat(row.size()).isEqualTo(row.json().length);
    assertThat(row.json())
        .isEqualTo(jackson(new String[] {"name", "ключ"}, new String[] {value, "v"}));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void aShortRowsSizeCountsOnlyItsFields(int fields) {
    String[] names = {"a", "b", "c"};
    String[] values = Arrays.copyOf(new String[] {"1", "2", "3"}, fields);

    InputRecord row = InputRecord.csvRow(2, names, values);

    assertThat(row.size()).isEqualTo(row.json().length);
  }
}
