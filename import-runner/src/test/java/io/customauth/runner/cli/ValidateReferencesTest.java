package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code validate} checks the syntax of references without reading anything; {@code validate
 * --resolve} also resolves them, sending nothing. With the real custom plugin.
 */
class ValidateReferencesTest {
  private static final String SECRET = "the-value-of-the-secret";

  @TempDir Path directory;
  private RunnerEnvironment environment;

  @BeforeEach
  void environment() {
    environment = SharedPlugins.testHome(Map.of("CLIENT_SECRET", SECRET), directory);
  }

  @Test
  void anUnknownKindIsNamedWithTheNearestKnownOneWithoutTheValue() throws IOException {
    Path file =
        connector("\"requestBody\": [{\"key\": \"s\", \"value\": \"x-${ENV:CLIENT}-tail\"}]");

    Cli.Result result = Cli.run(environment, "validate", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("auth.requestBody[0].value: unknown reference kind 'ENV'; did you mean env?")
        .doesNotContain("tail");
  }

  @Test
  void aReferenceWithoutAKindSaysHowToWriteOne() throws IOException {
    Path file = connector("\"requestBody\": [{\"key\": \"s\", \"value\": \"${MY_SECRET}\"}]");

    Cli.Result result = Cli.run(environment, "validate", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "auth.requestBody[0].value: a reference needs a kind: ${env:MY_SECRET} or"
                + " ${file:MY_SECRET}; write $${ for a literal ${");
  }

  @Test
  void anUnclosedReferenceIsAViolation() throws IOException {
    Path file = connector("\"requestBody\": [{\"key\": \"s\", \"value\": \"${env:CLIENT\"}]");

    Cli.Result result = Cli.run(environment, "validate", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "auth.requestBody[0].value: a reference is not closed: end it with }, or write $${"
                + " for a literal ${ (e.g. ${env:NAME})");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"jsonBody\": {\"a\": [{\"b\": \"${ENV:X}\"}]}|auth.jsonBody.a[0].b",
        "\"headers\": [{\"key\": \"X-Tenant\", \"value\": \"${ENV:X}\"}]|auth.headers[0].value",
        "\"basicAuth\": {\"username\": \"u\", \"password\": \"${ENV:X}\"}|auth.basicAuth.password",
        "\"basicAuth\": {\"username\": \"${ENV:X}\", \"password\": \"p\"}|auth.basicAuth.username",
        "\"queryParameters\": [{\"key\": \"q\", \"value\": \"${ENV:X}\"}]|auth.queryParameters[0].value",
        "\"requestBody\": [{\"key\": \"k\", \"value\": \"${ENV:X}\"}]|auth.requestBody[0].value",
      })
  void everyPlaceAReferenceMayBeIsChecked(String field, String path) throws IOException {
    Path file = connector(field);

    Cli.Result result = Cli.run(environment, "validate", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains(path + ": unknown reference kind 'ENV'; did you mean env?");
  }

  @Test
  void theAuthenticationUrlIsChecked() throws IOException {
    Path file =
        write(
            connectorText("")
                .replace("https://auth.acme.example/oauth/token", "https://${HOST}/oauth/token"));

    Cli.Result result = Cli.run(environment, "validate", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("auth.authenticationUrl: a reference needs a kind: ${env:HOST} or ${file:HOST}");
  }

  @Test
  void aDoubledDollarIsALiteralAndValid() throws IOException {
    Path file =
        connector("\"requestBody\": [{\"key\": \"s\", \"value\": \"$${not-a-reference}\"}]");

    Cli.Result result = Cli.run(environment, "validate", file.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  @Test
  void withoutResolveAnUnsetVariableIsNotRead() throws IOException {
    Path file = connector("\"requestBody\": [{\"key\": \"s\", \"value\": \"${env:UNSET}\"}]");

    Cli.Result result = Cli.run(environment, "validate", file.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  @Test
  void resolveReportsEveryUnresolvedReferenceAtOnce() throws IOException {
    Path file =
        connector(
            """
            "requestBody": [{"key": "a", "value": "${env:UNSET}"}],
            "headers": [{"key": "X-Key", "value": "${file:missing.txt}"}]""");

    Cli.Result result = Cli.run(environment, "validate", "--resolve", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "auth.requestBody[0].value: the environment variable UNSET (from ${env:UNSET}) is not"
                + " set")
        .contains(
            "auth.headers[0].value: ${file:"
                + directory.resolve("missing.txt").toAbsolutePath()
                + "} does not exist");
  }

  @Test
  void resolveRefusesAFileLargerThan64KiB() throws IOException {
    Files.write(directory.resolve("big.txt"), new byte[64 * 1024 + 1]);
    Path file = connector("\"requestBody\": [{\"key\": \"a\", \"value\": \"${file:big.txt}\"}]");

    Cli.Result result = Cli.run(environment, "validate", "--resolve", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("auth.requestBody[0].value: ${file:").contains("64 KiB");
  }

  @Test
  void resolveAcceptsReferencesThatResolveAndShowsNoValue() throws IOException {
    Files.writeString(directory.resolve("secret.txt"), SECRET + "\n");
    Path file =
        connector(
            """
            "requestBody": [{"key": "a", "value": "${env:CLIENT_SECRET}"}],
            "headers": [{"key": "X-Key", "value": "${file:secret.txt}"}]""");

    Cli.Result result = Cli.run(environment, "validate", "--resolve", file.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("every reference resolves");
    assertThat(result.out() + result.err()).doesNotContain(SECRET);
  }

  private Path connector(String fields) throws IOException {
    return write(connectorText(fields.isEmpty() ? "" : fields + ","));
  }

  private Path write(String text) throws IOException {
    return Files.writeString(directory.resolve("acme.json"), text);
  }

  private static String connectorText(String fields) {
    return """
        {
          "name": "acme",
          "auth": {
            "type": "custom",
            "method": "POST",
            "authenticationUrl": "https://auth.acme.example/oauth/token",
            %s
            "tokenKeyName": "access_token",
            "expiryKeyName": "expires_in",
            "expiryType": "seconds"
          }
        }
        """
        .formatted(fields);
  }
}
