package io.customauth.runner.imports.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A CSV row's size is counted without encoding it, and must equal the bytes it is sent as. */
class InputRecordSizeTest {
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
  void aCsvRowsSizeIsTheLengthOfItsJson(String value) {
    InputRecord row =
        InputRecord.csvRow(2, new String[] {"name", "ключ"}, new String[] {value, "v"});

    assertThat(row.size()).isEqualTo(row.json().length);
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
