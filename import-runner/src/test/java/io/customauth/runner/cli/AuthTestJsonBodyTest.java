package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code jsonBody} reaches the provider as written, through the real custom plugin and a token
 * endpoint on loopback: decimals keep their digits, nulls at any depth are sent.
 */
class AuthTestJsonBodyTest {
  @TempDir Path directory;
  private TokenEndpoint endpoint;
  private RunnerEnvironment environment;

  @BeforeEach
  void start() throws IOException {
    endpoint = TokenEndpoint.http();
    endpoint.answering(
        200, "application/json", "{\"access_token\": \"tok-1\", \"expires_in\": 3600}");
    environment = SharedPlugins.testHome(Map.of(), directory);
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void decimalsInAJsonBodyAreSentWithTheDigitsWritten() throws IOException {
    Path connector =
        json("{\"amount\": 19.990, \"big\": 12345678901234567890.12, \"small\": 1e-7}");

    Cli.Result result = Cli.run(environment, "auth-test", connector.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(endpoint.lastBody())
        .isEqualTo("{\"amount\":19.990,\"big\":12345678901234567890.12,\"small\":1E-7}");
  }

  @Test
  void nullsAtAnyDepthOfAJsonBodyAreSent() throws IOException {
    Path connector = json("{\"a\": null, \"b\": {\"c\": null}, \"d\": [null, 1]}");

    Cli.Result result = Cli.run(environment, "auth-test", connector.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(endpoint.lastBody()).isEqualTo("{\"a\":null,\"b\":{\"c\":null},\"d\":[null,1]}");
  }

  @Test
  void decimalsInAYamlJsonBodyAreSentWithTheDigitsWritten() throws IOException {
    Path connector =
        Files.writeString(
            directory.resolve("acme.yaml"),
            """
            name: acme
            auth:
              type: custom
              method: POST
              authenticationUrl: %s
              jsonBody:
                amount: 19.990
                note: ~
              tokenKeyName: access_token
              expiryKeyName: expires_in
              expiryType: seconds
            """
                .formatted(endpoint.url("http")));

    Cli.Result result = Cli.run(environment, "auth-test", connector.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(endpoint.lastBody()).isEqualTo("{\"amount\":19.990,\"note\":null}");
  }

  @Test
  void aNullJsonBodyItselfIsAViolation() throws IOException {
    Path connector = json("null");

    Cli.Result result = Cli.run(environment, "validate", connector.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("auth.jsonBody: must not be null; remove the field instead");
  }

  private Path json(String body) throws IOException {
    return Files.writeString(
        directory.resolve("acme.json"),
        """
        {
          "name": "acme",
          "auth": {
            "type": "custom",
            "method": "POST",
            "authenticationUrl": "%s",
            "jsonBody": %s,
            "tokenKeyName": "access_token",
            "expiryKeyName": "expires_in",
            "expiryType": "seconds"
          }
        }
        """
            .formatted(endpoint.url("http"), body));
  }
}
