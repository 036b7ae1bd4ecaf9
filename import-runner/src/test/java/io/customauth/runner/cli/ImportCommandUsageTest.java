package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import} misused: exit 2 and a message saying what is wrong, never a stack trace. */
class ImportCommandUsageTest {
  @TempDir Path dir;
  private RunnerEnvironment environment;
  private Path connector;
  private Path csv;

  @BeforeEach
  void files() throws IOException {
    environment = SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, "unused"), dir);
    // Nothing listens on the discard port: no test here may get as far as a token exchange.
    connector =
        Files.writeString(
            dir.resolve("acme.json"),
            AuthTestAgainstCustomPluginTest.connectorJson("http://127.0.0.1:9/token")
                .replaceFirst(
                    "\\n}\\s*$",
                    ",\n\"upload\": {\"url\": \"http://127.0.0.1:9/v1/{project}\"}\n}\n"));
    csv = ImportTestFiles.csv(dir, "a.csv", "a", 3);
  }

  @Test
  void withoutProjectItIsAUsageError() {
    Cli.Result result = Cli.run(environment, "import", connector.toString(), csv.toString());

    assertUsageError(result, "--project");
  }

  @Test
  void withoutFilesItIsAUsageError() {
    Cli.Result result = Cli.run(environment, "import", connector.toString(), "--project", "p");

    assertUsageError(result, "Missing FILE");
  }

  @Test
  void withoutConnectorOrResumeItIsAUsageError() {
    Cli.Result result = Cli.run(environment, "import", "--project", "p");

    assertUsageError(result, "Missing CONNECTOR");
  }

  @Test
  void aMissingInputFileIsAUsageErrorNamingIt() {
    Cli.Result result =
        Cli.run(environment, "import", connector.toString(), "--project", "p", "missing.csv");

    assertUsageError(result, "missing.csv: no such file");
    assertThat(dir.resolve(".import-state")).doesNotExist();
  }

  @Test
  void anInputFileOfUnknownFormatIsAUsageErrorNamingIt() throws IOException {
    Path text = Files.writeString(dir.resolve("records.txt"), "a,b\n1,2\n");

    Cli.Result result =
        Cli.run(environment, "import", connector.toString(), "--project", "p", text.toString());

    assertUsageError(result, "records.txt: unknown input format");
    assertThat(dir.resolve(".import-state")).doesNotExist();
  }

  @Test
  void resumeWithFilesIsAUsageError() {
    Cli.Result result =
        Cli.run(
            environment,
            "import",
            "--resume",
            "imp-aaaaaaaaaaaa",
            connector.toString(),
            csv.toString());

    assertUsageError(result, "--resume takes no connector, files or --project");
  }

  @Test
  void resumeOfAnUnknownImportSaysSoWithExit2() {
    Cli.Result result =
        Cli.run(environment, "import", "--resume", "imp-aaaaaaaaaaaa", "--state-dir", "state");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains("STATE_INVALID", "no journal for this import", "imp-aaaaaaaaaaaa")
        .contains(
            "run the resume command in the directory the import ran in, or give its --state-dir")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void resumeOfAnUnknownImportWithJsonPrintsOneErrorObject() {
    Cli.Result result =
        Cli.run(
            environment,
            "import",
            "--resume",
            "imp-aaaaaaaaaaaa",
            "--state-dir",
            "state",
            "--json");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    JsonNode json = ImportJsonOutput.onlyObject(result.out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.at("/error/code").asText()).isEqualTo("STATE_INVALID");
    assertThat(json.at("/error/message").asText()).contains("imp-aaaaaaaaaaaa");
  }

  @Test
  void resumeOfSomethingThatIsNotAnImportIdSaysSo() {
    Cli.Result result = Cli.run(environment, "import", "--resume", "../acme", "--state-dir", "s");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).contains("'../acme' is not an import id").doesNotContain("Exception");
  }

  @Test
  void aConnectorWithoutUploadBlockIsInvalidAndNamesUpload() throws IOException {
    Path withoutUpload =
        Files.writeString(
            dir.resolve("no-upload.json"),
            AuthTestAgainstCustomPluginTest.connectorJson("http://127.0.0.1:9/token"));

    Cli.Result result =
        Cli.run(
            environment,
            "import",
            withoutUpload.toString(),
            "--project",
            "p",
            csv.toString(),
            "--json",
            "--state-dir",
            "state");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    JsonNode json = ImportJsonOutput.onlyObject(result.out());
    assertThat(json.at("/error/code").asText()).isEqualTo("CONFIG_INVALID");
    assertThat(json.at("/error/violations").toString()).contains("upload");
    assertThat(Files.exists(dir.resolve("state")))
        .as("no journal for an import never started")
        .isFalse();
  }

  @Test
  void anEmptyOrBlankProjectIdIsAUsageErrorSayingSo() {
    for (String id : new String[] {"", " "}) {
      Cli.Result result =
          Cli.run(environment, "import", connector.toString(), "--project", id, csv.toString());

      assertUsageError(result, "the project id is empty");
      assertThat(result.err()).doesNotContain("Missing required option");
    }
  }

  @Test
  void aProjectIdThatIsADotSegmentIsAUsageError() {
    for (String id : new String[] {".", ".."}) {
      Cli.Result result =
          Cli.run(environment, "import", connector.toString(), "--project", id, csv.toString());

      assertUsageError(result, "--project '" + id + "' is not a project id");
    }
    assertThat(dir.resolve(".import-state")).doesNotExist();
  }

  @Test
  void aProjectIdWithAControlCharacterIsAUsageError() {
    Cli.Result result =
        Cli.run(environment, "import", connector.toString(), "--project", "a\nb", csv.toString());

    assertUsageError(result, "--project must not contain control characters (U+000A");
  }

  @Test
  void theSameInputFileTwiceInAnotherSpellingIsAUsageError() {
    Cli.Result result =
        Cli.run(
            environment,
            "import",
            connector.toString(),
            "--project",
            "p",
            csv.toString(),
            dir.resolve("sub/../a.csv").toString().replace("sub/../", "./"));

    assertUsageError(result, "the same file as");
  }

  @Test
  void theSameInputFileTwiceThroughALinkIsAUsageError() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link.csv"), csv);

    Cli.Result result =
        Cli.run(
            environment,
            "import",
            connector.toString(),
            "--project",
            "p",
            csv.toString(),
            link.toString());

    assertUsageError(result, "link.csv: the same file as");
    assertThat(dir.resolve(".import-state")).doesNotExist();
  }

  @Test
  void aUsageErrorWithJsonPrintsOneErrorObject() {
    Cli.Result result =
        Cli.run(
            environment,
            "import",
            connector.toString(),
            "--project",
            "..",
            csv.toString(),
            "--json");

    assertThat(result.exitCode()).isEqualTo(2);
    JsonNode json = ImportJsonOutput.onlyObject(result.out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.at("/error/code").asText()).isEqualTo("USAGE");
    assertThat(json.at("/error/hint").asText()).isEqualTo("Try 'import-runner import --help'");
  }

  @Test
  void anUnknownOptionWithJsonPrintsOneErrorObject() {
    Cli.Result result = Cli.run(environment, "import", "--frobnicate", "--json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(ImportJsonOutput.onlyObject(result.out()).at("/error/message").asText())
        .contains("--frobnicate");
  }

  private static void assertUsageError(Cli.Result result, String message) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains(message)
        .contains("Try 'import-runner import --help'")
        .doesNotContain("Usage:")
        .doesNotContain("Exception");
  }
}
