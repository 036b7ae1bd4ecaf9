package io.customauth.runner.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.runner.imports.ImportOptions;
import io.customauth.runner.imports.ImportProgress;
import io.customauth.spi.AuthException;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Connector;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.OutgoingRequest;
import io.customauth.spi.UploadTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static final Demo.Settings SMALL =
      new Demo.Settings(3_000, Duration.ofHours(1), 2, Duration.ZERO, 100, 2);

  @Test
  void theConnectorFileUsesTheCustomTypeAndReferencesTheSecretInsteadOfHoldingIt()
      throws IOException {
    try (Demo demo = Demo.start(dir, SMALL)) {
      String text = Files.readString(demo.connectorFile());
      String secret = Files.readString(dir.resolve(Demo.SECRET_FILE));
      JsonNode connector = JSON.readTree(text);

      assertThat(connector.at("/auth/type").asText()).isEqualTo("custom");
      assertThat(connector.at("/auth/authenticationUrl").asText()).startsWith("http://127.0.0.1:");
      assertThat(connector.at("/auth/requestBody/1/value").asText())
          .isEqualTo("${file:" + dir.toAbsolutePath().resolve(Demo.SECRET_FILE) + "}");
      assertThat(connector.at("/upload/url").asText()).endsWith("/v1/projects/{project}/records");
      assertThat(text).doesNotContain(secret);
    }
  }

  @Test
  void theSampleDataSetHasTheRequestedRowsAfterItsHeader() throws IOException {
    try (Demo demo = Demo.start(dir, SMALL)) {
      assertThat(Files.readString(demo.dataFile())).startsWith("id,name,email,");
    }
  }

  @Test
  void theDemoImportsEverySampleRecordAndTheProviderCountsEachOnce() throws IOException {
    try (Demo demo = Demo.start(dir, SMALL)) {
      DemoOutcome outcome =
          demo.run(
              DemoTest::loadWithTestStrategy,
              ImportOptions.defaults().withStateDir(dir.resolve("state")),
              ImportProgress.NONE);

      assertThat(outcome.result().ok()).as(outcome.result().summaryLine()).isTrue();
      assertThat(outcome.providerRecords()).isEqualTo(3_000);
      assertThat(outcome.succeeded()).isTrue();
      assertThat(outcome.providerLine()).contains("3000 unique records of 3000", "OK");
    }
  }

  @Test
  void theProviderRefusesWrongClientSecrets() throws Exception {
    try (DemoProvider provider =
        new DemoProvider(
            "id", "right", Duration.ofSeconds(5), Duration.ZERO, java.time.Clock.systemUTC())) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(provider.tokenUri())
                      .POST(HttpRequest.BodyPublishers.ofString("client_id=id&client_secret=wrong"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(provider.tokensIssued()).isZero();
    }
  }

  /**
   * Stands in for the plugin host: reads the demo connector file, resolves the ${file:…} secret and
   * fetches tokens in the provider's shape.
   */
  private static Connector loadWithTestStrategy(Path file) {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      JsonNode auth = root.path("auth");
      String ref = auth.at("/requestBody/1/value").asText();
      String secret =
          Files.readString(Path.of(ref.substring("${file:".length(), ref.length() - 1)));
      URI tokenUri = URI.create(auth.path("authenticationUrl").asText());
      JsonNode upload = root.path("upload");
      return new Connector(
          root.path("name").asText(),
          new DemoTokenStrategy(tokenUri, auth.at("/requestBody/0/value").asText(), secret),
          Optional.of(
              new UploadTarget(
                  upload.path("url").asText(),
                  upload.path("method").asText(),
                  upload.path("format").asText(),
                  upload.path("batchSize").asInt(),
                  upload.path("concurrency").asInt(),
                  upload.path("maxAttempts").asInt())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class DemoTokenStrategy implements AuthStrategy {
    private final URI tokenUri;
    private final String form;
    private final HttpClient http = HttpClient.newHttpClient();
    private Credential current;

    DemoTokenStrategy(URI tokenUri, String clientId, String secret) {
      this.tokenUri = tokenUri;
      this.form =
          "client_id="
              + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
              + "&client_secret="
              + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    }

    @Override
    public String type() {
      return "demo-test";
    }

    @Override
    public synchronized Credential credential() {
      if (current == null || !Instant.now().isBefore(current.refreshAt())) {
        try {
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(tokenUri)
                      .POST(HttpRequest.BodyPublishers.ofString(form))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          JsonNode body = JSON.readTree(response.body());
          Instant expiresAt = Instant.parse(body.at("/auth/lease/expires_at").asText());
          current =
              new Credential(
                  body.at("/auth/client_token").asText(), expiresAt, expiresAt.minusSeconds(1));
        } catch (IOException | InterruptedException e) {
          throw new AuthException(ErrorCode.ENDPOINT_UNAVAILABLE, "token endpoint failed", e);
        }
      }
      return current;
    }

    @Override
    public void apply(Credential credential, OutgoingRequest request) {
      request.setHeader("Authorization", "Bearer " + credential.token());
    }

    @Override
    public synchronized void rejected(Credential credential) {
      if (current == credential) {
        current = null;
      }
    }

    @Override
    public void close() {}
  }

  @Test
  void workersTakeTheParentsHeapBoundAndClassDataSharingArchivesButNothingElse() {
    List<String> parent =
        List.of(
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:SharedArchiveFile=/opt/ir/lib/import-runner.jsa:/opt/ir/lib/import-runner-top.jsa",
            "-Xlog:cds=off",
            "-Xlog:cds+dynamic=off",
            "-XX:MaxGCPauseMillis=50",
            "-XX:Tier4InvocationThreshold=20000",
            "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
            "-XX:StartFlightRecording=filename=parent.jfr",
            "-Xmx2g",
            "-Dimport-runner.home=/opt/ir",
            "-XX:TieredStopAtLevel=1");

    assertThat(DemoWorkers.workerJvmOptions(parent))
        .containsExactly(
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:SharedArchiveFile=/opt/ir/lib/import-runner.jsa:/opt/ir/lib/import-runner-top.jsa",
            "-Xlog:cds=off",
            "-Xlog:cds+dynamic=off",
            "-XX:Tier4InvocationThreshold=20000",
            "-Xmx2g");
    assertThat(DemoWorkers.workerJvmOptions(List.of())).isEmpty();
  }
}
