package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code auth-test} says on standard error what it calls and for how long at most, before it waits:
 * against a token endpoint on loopback that holds its answer until the line was seen.
 */
class AuthTestSaysWhatItCallsTest {
  private static final String TOKEN_ANSWER = "{\"access_token\": \"tok-1\", \"expires_in\": 3600}";

  @TempDir Path directory;
  private TokenEndpoint endpoint;
  private RunnerEnvironment environment;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    endpoint = TokenEndpoint.http();
    endpoint.answering(
        exchange -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          TokenEndpoint.respond(exchange, 200, "application/json", TOKEN_ANSWER);
        });
    environment = SharedPlugins.testHome(Map.of("AUD", "imports"), directory);
  }

  @AfterEach
  void stop() {
    release.countDown();
    endpoint.close();
  }

  @Test
  void theLineAppearsWhileTheEndpointHangs() throws Exception {
    Path file = connector(endpoint.url("http") + "?audience=secret-audience", "");
    StringWriter err = new StringWriter();

    CompletableFuture<Integer> exit = runInBackground(err, "auth-test", file.toString());

    String expected =
        "Calling POST "
            + endpoint.url("http")
            + " (up to "
            + TokenCall.DEFAULT_ATTEMPTS
            + " attempts, "
            + TokenCall.DEFAULT_TIMEOUT_SECONDS
            + " s each)…";
    assertThat(awaitLine(err, expected)).as(err.toString()).isTrue();
    assertThat(exit).isNotDone();
    release.countDown();
    assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(err.toString()).doesNotContain("secret-audience");
  }

  @Test
  void theLineGivesTheConfiguredAttemptsAndTimeoutAndTheImpliedPort() {
    String line =
        TokenCall.describe(
            "custom",
            Map.of(
                "method",
                "post",
                "authenticationUrl",
                "https://auth.example.com/oauth/token?x=1",
                "maxAttempts",
                1,
                "timeoutSeconds",
                5));

    assertThat(line)
        .isEqualTo("Calling POST https://auth.example.com:443/oauth/token (1 attempt, 5 s)…");
  }

  @Test
  void aUrlWithAReferenceIsShownAsWrittenWithoutQueryOrUserInfo() {
    String line =
        TokenCall.describe(
            "custom",
            Map.of(
                "method", "GET",
                "authenticationUrl", "https://user:pw@${env:HOST}/token?key=${env:KEY}"));

    assertThat(line)
        .isEqualTo("Calling GET https://${env:HOST}/token (up to 3 attempts, 30 s each)…");
  }

  @Test
  void anotherPluginTypeIsNamed() {
    assertThat(TokenCall.describe("static", Map.of("token", "t")))
        .isEqualTo("Fetching a token with plugin 'static'…");
  }

  @Test
  void withJsonTheLineIsOnStandardErrorAndStandardOutputHoldsOneObject() throws Exception {
    release.countDown();
    Path file = connector(endpoint.url("http"), "\"maxAttempts\": 2, \"timeoutSeconds\": 7,");

    Cli.Result result = Cli.run(environment, "auth-test", "--json", file.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("Calling POST " + endpoint.url("http") + " (up to 2 attempts, 7 s each)…");
    assertThat(new ObjectMapper().readTree(result.out()).get("ok").asBoolean()).isTrue();
    assertThat(result.out()).doesNotContain("Calling");
  }

  private CompletableFuture<Integer> runInBackground(StringWriter err, String... args) {
    CommandLine commandLine = ImportRunnerCommand.commandLine(environment);
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    commandLine.setErr(new PrintWriter(err, true));
    return CompletableFuture.supplyAsync(() -> commandLine.execute(args));
  }

  private static boolean awaitLine(StringWriter err, String line) throws InterruptedException {
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> err.toString().contains(line));
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  private Path connector(String url, String fields) throws IOException {
    return Files.writeString(
        directory.resolve("acme.json"),
        """
        {
          "name": "acme",
          "auth": {
            "type": "custom",
            "method": "POST",
            "authenticationUrl": "%s",
            %s
            "tokenKeyName": "access_token",
            "expiryKeyName": "expires_in",
            "expiryType": "seconds"
          }
        }
        """
            .formatted(url, fields));
  }
}
