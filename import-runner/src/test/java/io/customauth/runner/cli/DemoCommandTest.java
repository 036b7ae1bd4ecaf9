package io.customauth.runner.cli;

import static io.customauth.runner.cli.ImportJsonOutput.SUMMARY_FIELDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.runner.demo.Demo;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo} through the CLI: the real custom plugin against the demo provider on loopback. */
class DemoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void withJsonItPrintsOneObjectWhoseProviderCountEqualsTheInput() throws IOException {
    Cli.Result result = demo("--json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = ImportJsonOutput.onlyObject(result.out());
    List<String> fields = new ArrayList<>(SUMMARY_FIELDS);
    fields.addAll(List.of("inputRecords", "providerRecords", "providerTokensIssued"));
    assertThat(json.fieldNames()).toIterable().containsExactlyElementsOf(fields);
    assertThat(json.get("ok").asBoolean()).isTrue();
    assertThat(json.get("inputRecords").asLong()).isEqualTo(3_000);
    assertThat(json.get("providerRecords").asLong()).isEqualTo(3_000);
    assertThat(json.get("records").asLong()).isEqualTo(3_000);
    assertThat(json.get("providerTokensIssued").asLong()).isPositive();
    assertThat(json.get("importId").asText())
        .isEqualTo(ImportJsonOutput.announcedImportIdAnywhere(result.err()));
  }

  @Test
  void itWritesTheConnectorFileItUsesIntoItsDirectory() throws IOException {
    Cli.Result result = demo("--json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    Path connector = dir.resolve("demo").resolve(Demo.CONNECTOR_FILE);
    JsonNode written = JSON.readTree(Files.readString(connector));
    assertThat(written.at("/auth/type").asText()).isEqualTo("custom");
    assertThat(written.at("/upload/url").asText()).startsWith("http://127.0.0.1:");
    assertThat(result.err()).contains(connector.toString());
  }

  @Test
  void withoutJsonTheLastLineOfStdoutSaysOk() {
    Cli.Result result = demo();

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).isNotEmpty();
    assertThat(lines.get(lines.size() - 1)).contains("3000 unique records of 3000").endsWith("OK");
  }

  @Test
  void plainProgressIsLinesWithoutABar() {
    Cli.Result result = demo("--progress", "plain");

    assertThat(result.exitCode()).as(result.err()).isZero();
    String importId = ImportJsonOutput.announcedImportIdAnywhere(result.err());
    assertThat(result.err())
        .contains("Import " + importId + " started.")
        .contains("Import " + importId + " done: 3000 records")
        .doesNotContain("\r");
  }

  @Test
  void fewerThanOneRecordIsAUsageError() {
    Cli.Result result =
        Cli.run(
            SharedPlugins.testHome(Map.of(), dir),
            "demo",
            "--records",
            "0",
            "--dir",
            dir.resolve("demo").toString());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).contains("--records").doesNotContain("Exception");
    assertThat(dir.resolve("demo")).doesNotExist();
  }

  private Cli.Result demo(String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("demo", "--records", "3000", "--dir", dir.resolve("demo").toString()));
    args.addAll(List.of(options));
    return Cli.run(SharedPlugins.testHome(Map.of(), dir), args.toArray(String[]::new));
  }
}
