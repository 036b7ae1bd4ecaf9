package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.runner.plugin.SharedPlugins;
import io.customauth.spi.Credential;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auth-test --json} with the real custom plugin (unpacked from its zip) against a token
 * endpoint on loopback: the success shape, and the error code and exit code of every failure.
 */
class AuthTestAgainstCustomPluginTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";

  @TempDir Path directory;
  private TokenEndpoint endpoint;
  private RunnerEnvironment environment;

  @BeforeEach
  void start() throws IOException {
    endpoint = TokenEndpoint.http();
    environment =
        SharedPlugins.testHome(Map.of("ACME_CLIENT_SECRET", "client-secret-value"), directory);
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void printsTheFingerprintAndTimesOfANewToken() throws IOException {
    endpoint.answering(200, JSON_TYPE, "{\"access_token\": \"tok-1\", \"expires_in\": 3600}");

    Cli.Result result = authTest(connector(endpoint.url("http")));

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly("ok", "type", "tokenFingerprint", "expiresAt", "refreshAt");
    assertThat(json.get("ok").asBoolean()).isTrue();
    assertThat(json.get("type").asText()).isEqualTo("custom");
    assertThat(json.get("tokenFingerprint").asText()).isEqualTo(Credential.fingerprint("tok-1"));
    Instant expiresAt = Instant.parse(json.get("expiresAt").asText());
    assertThat(json.get("expiresAt").asText()).endsWith("Z");
    assertThat(Instant.parse(json.get("refreshAt").asText())).isBefore(expiresAt);
    assertThat(endpoint.lastBody()).contains("client_secret=client-secret-value");
  }

  @Test
  void aTokenWithoutExpiryHasNullTimesInJson() throws IOException {
    endpoint.answering(
        200, JSON_TYPE, "{\"access_token\": \"tok-1\", \"exp\": \"9999-12-31T23:59:59Z\"}");

    Cli.Result result = authTest(datetimeConnector(endpoint.url("http")));

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.get("ok").asBoolean()).isTrue();
    assertThat(json.get("expiresAt").isNull()).as(result.out()).isTrue();
    assertThat(json.get("refreshAt").isNull()).as(result.out()).isTrue();
  }

  @Test
  void aTokenWithoutExpiryShowsNeverInText() throws IOException {
    endpoint.answering(
        200, JSON_TYPE, "{\"access_token\": \"tok-1\", \"exp\": \"9999-12-31T23:59:59Z\"}");

    Cli.Result result =
        Cli.run(environment, "auth-test", datetimeConnector(endpoint.url("http")).toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("expiresAt:   never", "refreshAt:   never");
  }

  private Path datetimeConnector(String url) throws IOException {
    return Files.writeString(
        directory.resolve("acme.json"),
        connectorJson(url)
            .replace("\"expiryKeyName\": \"expires_in\"", "\"expiryKeyName\": \"exp\"")
            .replace("\"expiryType\": \"seconds\"", "\"expiryType\": \"datetime\""));
  }

  @Test
  void aFileReferenceStartsFromTheConnectorFilesDirectoryNotTheWorkingDirectory()
      throws IOException {
    endpoint.answering(200, JSON_TYPE, "{\"access_token\": \"tok-1\", \"expires_in\": 3600}");
    Path connectors = Files.createDirectories(directory.resolve("connectors"));
    Files.writeString(connectors.resolve("secret.txt"), "secret-beside-the-connector\n");
    Path connector =
        Files.writeString(
            connectors.resolve("acme.json"),
            connectorJson(endpoint.url("http"))
                .replace("${env:ACME_CLIENT_SECRET}", "${file:secret.txt}"));
    RunnerEnvironment elsewhere =
        SharedPlugins.testHome(Map.of(), Files.createDirectories(directory.resolve("other")));

    Cli.Result result = Cli.run(elsewhere, "auth-test", "--json", connector.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(endpoint.lastBody()).contains("client_secret=secret-beside-the-connector");
  }

  @Test
  void a400IsBadRequest() throws IOException {
    endpoint.answering(400, JSON_TYPE, "{\"error\": \"invalid_request\"}");

    assertFailure(authTest(connector(endpoint.url("http"))), "BAD_REQUEST", 3);
    assertThat(endpoint.tokenRequests()).isEqualTo(1);
  }

  @Test
  void a401IsInvalidCredentials() throws IOException {
    endpoint.answering(401, JSON_TYPE, "{\"error\": \"invalid_client\"}");

    assertFailure(authTest(connector(endpoint.url("http"))), "INVALID_CREDENTIALS", 3);
  }

  @Test
  void a403IsInvalidCredentials() throws IOException {
    endpoint.answering(403, JSON_TYPE, "{}");

    assertFailure(authTest(connector(endpoint.url("http"))), "INVALID_CREDENTIALS", 3);
  }

  @Test
  void anHtmlPageIsNotJson() throws IOException {
    endpoint.answering(200, "text/html", "<html><body>Login</body></html>");

    assertFailure(authTest(connector(endpoint.url("http"))), "NOT_JSON", 3);
  }

  @Test
  void anXmlDocumentIsNotJson() throws IOException {
    endpoint.answering(200, "application/xml", "<token><value>abc</value></token>");

    assertFailure(authTest(connector(endpoint.url("http"))), "NOT_JSON", 3);
  }

  @Test
  void aResponseWithoutTheTokenKeyIsTokenKeyMissing() throws IOException {
    endpoint.answering(200, JSON_TYPE, "{\"token\": \"tok-1\", \"expires_in\": 3600}");

    assertFailure(authTest(connector(endpoint.url("http"))), "TOKEN_KEY_MISSING", 3);
  }

  @Test
  void aResponseWithoutTheExpiryKeyIsExpiryKeyMissing() throws IOException {
    endpoint.answering(200, JSON_TYPE, "{\"access_token\": \"tok-1\"}");

    assertFailure(authTest(connector(endpoint.url("http"))), "EXPIRY_KEY_MISSING", 3);
  }

  @Test
  void anExpiryOfTheWrongKindIsExpiryInvalid() throws IOException {
    endpoint.answering(200, JSON_TYPE, "{\"access_token\": \"tok-1\", \"expires_in\": \"soon\"}");

    assertFailure(authTest(connector(endpoint.url("http"))), "EXPIRY_INVALID", 3);
  }

  @Test
  void serverErrorsUntilRetriesRunOutAreEndpointUnavailable() throws IOException {
    endpoint.answering(
        exchange -> {
          exchange.getResponseHeaders().set("Retry-After", "0");
          TokenEndpoint.respond(exchange, 503, JSON_TYPE, "{}");
        });

    assertFailure(authTest(connector(endpoint.url("http"))), "ENDPOINT_UNAVAILABLE", 3);
    assertThat(endpoint.tokenRequests()).isBetween(2, 5);
  }

  @Test
  void aRedirectIsNotFollowedAndIsEndpointUnavailable() throws IOException {
    endpoint.answering(
        exchange -> {
          exchange.getResponseHeaders().set("Location", endpoint.baseUrl("http") + "/elsewhere");
          TokenEndpoint.respond(exchange, 302, JSON_TYPE, "");
        });

    assertFailure(authTest(connector(endpoint.url("http"))), "ENDPOINT_UNAVAILABLE", 3);
    assertThat(endpoint.otherRequests()).isZero();
  }

  @Test
  void aFiveMebibyteBodyIsResponseTooLarge() throws IOException {
    endpoint.answering(
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("{\"padding\": \"".getBytes());
            byte[] chunk = "x".repeat(64 * 1024).getBytes();
            for (int i = 0; i < 80; i++) {
              out.write(chunk);
            }
            out.write("\", \"access_token\": \"t\", \"expires_in\": 60}".getBytes());
          }
        });

    assertFailure(authTest(connector(endpoint.url("http"))), "RESPONSE_TOO_LARGE", 3);
  }

  @Test
  void anUntrustedCertificateIsTlsFailure() throws Exception {
    try (TokenEndpoint tls = TokenEndpoint.https(TestCertificates.untrustedServer())) {
      tls.answering(200, JSON_TYPE, "{\"access_token\": \"tok-1\", \"expires_in\": 3600}");

      assertFailure(authTest(connector(tls.url("https"))), "TLS_FAILURE", 3);
      assertThat(tls.tokenRequests()).isZero();
    }
  }

  @Test
  void aRelativeTrustedCertificatesStartsFromTheConnectorsDirectory() throws Exception {
    TestCertificates.Server server = TestCertificates.selfSigned();
    try (TokenEndpoint tls = TokenEndpoint.https(server.context())) {
      tls.answering(200, JSON_TYPE, "{\"access_token\": \"tok-1\", \"expires_in\": 3600}");
      Path connectors = Files.createDirectories(directory.resolve("connectors"));
      Files.writeString(connectors.resolve("ca.pem"), server.pem());
      Path file =
          Files.writeString(
              connectors.resolve("acme.json"),
              connectorJson(tls.url("https"))
                  .replace(
                      "\"timeoutSeconds\": 5",
                      "\"timeoutSeconds\": 5, \"trustedCertificates\": \"ca.pem\""));

      // The working directory is `directory`, where no ca.pem lies.
      Cli.Result result = authTest(file);

      assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
      assertThat(tls.tokenRequests()).isEqualTo(1);
    }
  }

  @Test
  void trustedCertificatesMustNameARegularFile() throws IOException {
    Files.createDirectories(directory.resolve("ca.pem"));
    Path file =
        Files.writeString(
            directory.resolve("acme.json"),
            connectorJson(endpoint.url("http"))
                .replace(
                    "\"timeoutSeconds\": 5",
                    "\"timeoutSeconds\": 5, \"trustedCertificates\": \"ca.pem\""));

    JsonNode error = assertFailure(authTest(file), "CONFIG_INVALID", 2);

    assertThat(error.get("violations").toString()).contains("must name a regular file");
    assertThat(endpoint.tokenRequests()).isZero();
  }

  @Test
  void anInvalidAuthBlockIsConfigInvalidWithItsViolationsAndExitsTwo() throws IOException {
    Path file =
        Files.writeString(
            directory.resolve("bad.json"),
            "{\"name\": \"acme\", \"auth\": {\"type\": \"custom\", \"method\": \"GET\"}}");

    Cli.Result result = authTest(file);

    JsonNode error = assertFailure(result, "CONFIG_INVALID", 2);
    assertThat(error.get("violations"))
        .extracting(violation -> violation.get("path").asText())
        .anySatisfy(violation -> assertThat(violation).startsWith("auth.authenticationUrl"))
        .anySatisfy(violation -> assertThat(violation).startsWith("auth.tokenKeyName"));
    assertThat(endpoint.tokenRequests()).isZero();
  }

  @Test
  void anUnsetSecretVariableIsConfigInvalidAndNothingIsSent() throws IOException {
    environment = SharedPlugins.testHome(Map.of(), directory);
    endpoint.answering(200, JSON_TYPE, "{\"access_token\": \"tok-1\", \"expires_in\": 3600}");

    assertFailure(authTest(connector(endpoint.url("http"))), "CONFIG_INVALID", 2);
    assertThat(endpoint.tokenRequests()).isZero();
  }

  private Cli.Result authTest(Path connector) {
    return Cli.run(environment, "auth-test", "--json", connector.toString());
  }

  /** Asserts one JSON object on stdout with the code, message and hint; returns its error. */
  private static JsonNode assertFailure(Cli.Result result, String code, int exitCode)
      throws IOException {
    assertThat(result.out().lines()).as(result.err()).hasSize(1);
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.at("/error/code").asText()).as(result.out()).isEqualTo(code);
    assertThat(json.at("/error/message").asText()).isNotBlank();
    assertThat(json.at("/error/hint").asText()).isNotBlank();
    assertThat(result.exitCode()).isEqualTo(exitCode);
    return json.get("error");
  }

  private Path connector(String url) throws IOException {
    return Files.writeString(directory.resolve("acme.json"), connectorJson(url));
  }

  static String connectorJson(String url) {
    return """
        {
          "name": "acme",
          "auth": {
            "type": "custom",
            "method": "POST",
            "authenticationUrl": "%s",
            "queryParameters": [{"key": "audience", "value": "imports"}],
            "requestBody": [
              {"key": "client_id", "value": "my-client"},
              {"key": "client_secret", "value": "${env:ACME_CLIENT_SECRET}"},
              {"key": "grant_type", "value": "custom_grant"}
            ],
            "tokenKeyName": "access_token",
            "expiryKeyName": "expires_in",
            "expiryType": "seconds",
            "timeoutSeconds": 5
          }
        }
        """
        .formatted(url);
  }
}
