package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what {@code --json} commands print: exactly one JSON object on standard output. */
final class ImportJsonOutput {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STARTED = Pattern.compile("^Import (imp-[a-z2-7]{12}) started");

  static final List<String> SUMMARY_FIELDS =
      List.of(
          "ok",
          "importId",
          "records",
          "batches",
          "requests",
          "retries",
          "tokenRefreshes",
          "durationMs",
          "recordsRead");

  private ImportJsonOutput() {}

  /** The one object of {@code stdout}; fails the test if there is anything else. */
  static JsonNode onlyObject(String stdout) {
    try (MappingIterator<JsonNode> values =
        JSON.readerFor(JsonNode.class)
            .without(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .readValues(stdout)) {
      List<JsonNode> all = values.readAll();
      assertThat(all).as("JSON values on stdout: %s", stdout).hasSize(1);
      assertThat(all.get(0).isObject()).as(stdout).isTrue();
      assertThat(stdout.strip()).as("one line").doesNotContain("\n");
      return all.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException("stdout is not JSON: " + stdout, e);
    }
  }

  /** The import id of the first line of {@code stderr}, where the import announces itself. */
  static String announcedImportId(String stderr) {
    String firstLine = stderr.lines().findFirst().orElse("");
    Matcher matcher = STARTED.matcher(firstLine);
    assertThat(matcher.find()).as("first line of stderr: %s", stderr).isTrue();
    return matcher.group(1);
  }

  /** The import id of the first line of {@code stderr} announcing an import. */
  static String announcedImportIdAnywhere(String stderr) {
    return stderr
        .lines()
        .map(STARTED::matcher)
        .filter(Matcher::find)
        .map(matcher -> matcher.group(1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no import announced on stderr: " + stderr));
  }
}
