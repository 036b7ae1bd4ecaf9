package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.plugin.SharedPlugins;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code auth-test} with a known secret and a known token and captures everything: the
 * command's streams (where the plugin's logger writes too) and the process's own System.out/err.
 */
class SecretsNeverPrintedTest {
  private static final String SECRET = "S3CRET-client-secret-7f1d";
  private static final String TOKEN = "TOKEN-value-91ab2c";

  @TempDir Path directory;
  private TokenEndpoint endpoint;
  private final ByteArrayOutputStream processOutput = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void captureProcessStreams() throws IOException {
    endpoint = TokenEndpoint.http();
    originalOut = System.out;
    originalErr = System.err;
    PrintStream capture = new PrintStream(processOutput, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    endpoint.close();
  }

  @Test
  void aSuccessfulExchangePrintsNeitherSecretNorToken() throws IOException {
    endpoint.answering(
        200, "application/json", "{\"access_token\": \"" + TOKEN + "\", \"expires_in\": 3600}");

    String printed = runBothOutputs();

    assertThat(endpoint.lastBody()).contains(SECRET);
    assertThat(printed).contains("sha256:").doesNotContain(SECRET).doesNotContain(TOKEN);
  }

  @Test
  void aRejectedExchangeEchoingTheSecretPrintsNeitherSecretNorToken() throws IOException {
    endpoint.answering(
        401,
        "application/json",
        "{\"error\": \"bad secret " + SECRET + "\", \"access_token\": \"" + TOKEN + "\"}");

    String printed = runBothOutputs();

    assertThat(printed)
        .contains("INVALID_CREDENTIALS")
        .doesNotContain(SECRET)
        .doesNotContain(TOKEN);
  }

  @Test
  void aResponseMissingTheExpiryPrintsNeitherSecretNorToken() throws IOException {
    endpoint.answering(200, "application/json", "{\"access_token\": \"" + TOKEN + "\"}");

    String printed = runBothOutputs();

    assertThat(printed).contains("EXPIRY_KEY_MISSING").doesNotContain(SECRET).doesNotContain(TOKEN);
  }

  @Test
  void aSecretFromAFileIsNeverPrintedEither() throws IOException {
    Files.writeString(directory.resolve("secret.txt"), SECRET + "\n");
    endpoint.answering(500, "application/json", "{\"echo\": \"" + SECRET + "\"}");
    Path file =
        Files.writeString(
            directory.resolve("file.json"),
            AuthTestAgainstCustomPluginTest.connectorJson(endpoint.url("http"))
                .replace("${env:ACME_CLIENT_SECRET}", "${file:secret.txt}"));
    RunnerEnvironment environment = SharedPlugins.testHome(Map.of(), directory);

    Cli.Result result = Cli.run(environment, "auth-test", file.toString());

    assertThat(endpoint.lastBody()).contains(SECRET);
    assertThat(result.out() + result.err() + processOutput.toString(StandardCharsets.UTF_8))
        .isNotBlank()
        .doesNotContain(SECRET);
  }

  /** Runs auth-test with and without --json; returns everything printed anywhere. */
  private String runBothOutputs() throws IOException {
    Path file =
        Files.writeString(
            directory.resolve("acme.json"),
            AuthTestAgainstCustomPluginTest.connectorJson(endpoint.url("http")));
    RunnerEnvironment environment =
        SharedPlugins.testHome(Map.of("ACME_CLIENT_SECRET", SECRET), directory);
    Cli.Result json = Cli.run(environment, "auth-test", "--json", file.toString());
    Cli.Result text = Cli.run(environment, "auth-test", file.toString());
    return json.out()
        + json.err()
        + text.out()
        + text.err()
        + processOutput.toString(StandardCharsets.UTF_8);
  }
}
