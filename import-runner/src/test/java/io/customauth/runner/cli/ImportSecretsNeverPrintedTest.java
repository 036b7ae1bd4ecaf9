package io.customauth.runner.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.plugin.SharedPlugins;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole imports through the CLI with a known client secret and recognisable tokens, through a token
 * refresh after a 401, a refused batch and a resume, while the provider echoes the secret material
 * in every answer. Everything printed (the commands' streams, where the progress and the plugin's
 * logger write too, and the process's own System.out/err) and every file in the state directory is
 * captured: neither the secret nor any token may appear.
 */
class ImportSecretsNeverPrintedTest {
  private static final String SECRET = "S3CRET-import-client-7f1d";
  private static final String TOKEN_PREFIX = "TOKEN-import-91ab-";

  @TempDir Path dir;
  private ImportSink sink;
  private final ByteArrayOutputStream processOutput = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void start() throws IOException {
    sink = new ImportSink(SECRET, TOKEN_PREFIX, 3_600);
    originalOut = System.out;
    originalErr = System.err;
    PrintStream capture = new PrintStream(processOutput, true, UTF_8);
    System.setOut(capture);
    System.setErr(capture);
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    sink.close();
  }

  @Test
  void aFailedAndResumedImportWithASecretFromTheEnvironmentPrintsNeitherSecretNorToken()
      throws IOException {
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 120);
    AtomicBoolean broken = new AtomicBoolean(true);
    sink.script(
        call -> {
          if (call.number() == 2) {
            sink.revokeTokens(); // a 401, then a refresh
          }
          return broken.get() && call.ids().contains("a70") ? 400 : ImportSink.PROCESS;
        });
    Path connector = ImportTestFiles.sinkConnector(dir, sink, 20, 1);
    RunnerEnvironment environment =
        SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, SECRET), dir);

    Cli.Result failed =
        Cli.run(
            environment,
            "import",
            connector.toString(),
            "--project",
            "p",
            csv.toString(),
            "--json",
            "--state-dir",
            "state");
    String importId = ImportJsonOutput.announcedImportId(failed.err());
    broken.set(false);
    Cli.Result resumedWithBar =
        Cli.run(
            environment,
            "import",
            "--resume",
            importId,
            "--state-dir",
            "state",
            "--progress",
            "bar");

    assertThat(failed.exitCode()).as(failed.err()).isEqualTo(4);
    assertThat(failed.out()).contains("UPLOAD_REJECTED");
    assertThat(resumedWithBar.exitCode()).as(resumedWithBar.err()).isZero();
    assertTokensWereUsed(2 + 1); // the failed run refreshed once; the resume fetched its own
    assertThat(sink.refusedTokens()).isEqualTo(1);
    assertThat(everything(failed, resumedWithBar))
        .contains(importId)
        .doesNotContain(SECRET)
        .doesNotContain(TOKEN_PREFIX);
  }

  @Test
  void anImportWithASecretFromAFilePrintsNeitherSecretNorToken() throws IOException {
    Files.writeString(dir.resolve("secret.txt"), SECRET + "\n");
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 60);
    Path connector =
        Files.writeString(
            dir.resolve("file-secret.json"),
            Files.readString(ImportTestFiles.sinkConnector(dir, sink, 20, 2))
                .replace("${env:" + ImportTestFiles.SECRET_VARIABLE + "}", "${file:secret.txt}"));
    RunnerEnvironment environment = SharedPlugins.testHome(Map.of(), dir);

    Cli.Result result =
        Cli.run(
            environment,
            "import",
            connector.toString(),
            "--project",
            "p",
            csv.toString(),
            "--state-dir",
            "state",
            "--progress",
            "plain");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertTokensWereUsed(1);
    assertThat(everything(result))
        .contains("done: 60 records")
        .doesNotContain(SECRET)
        .doesNotContain(TOKEN_PREFIX);
  }

  /** The test means something only if the secret was sent and the tokens were used. */
  private void assertTokensWereUsed(int tokens) {
    assertThat(sink.tokensIssued()).as("tokens issued for the known secret").isEqualTo(tokens);
    assertThat(sink.calls()).isNotEmpty().allMatch(call -> call.token().startsWith(TOKEN_PREFIX));
  }

  private String everything(Cli.Result... results) {
    String printed =
        Stream.of(results).map(r -> r.out() + r.err()).collect(Collectors.joining("\n"));
    return printed + processOutput.toString(UTF_8) + stateFiles();
  }

  private String stateFiles() {
    try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
      List<Path> regular = files.filter(Files::isRegularFile).toList();
      assertThat(regular).as("journals").isNotEmpty();
      StringBuilder text = new StringBuilder();
      for (Path file : regular) {
        text.append(Files.readString(file, UTF_8));
      }
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
