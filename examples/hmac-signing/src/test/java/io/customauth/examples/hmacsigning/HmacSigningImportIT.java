package io.customauth.examples.hmacsigning;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built plugin jar in a copy of the distribution, a real {@code import} through
 * bin/import-runner against a loopback API that recomputes every signature from the request it
 * received (method, raw path and query, the body's digest, the timestamp header) and counts the
 * records of the requests whose signature holds.
 */
class HmacSigningImportIT {
  private static final String SECRET = "it-hmac-secret-93c1";

  @TempDir Path dir;
  private HttpServer api;
  private final AtomicInteger records = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  @BeforeEach
  void startApi() throws IOException {
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext("/v1/projects", this::records);
    api.start();
  }

  @AfterEach
  void stopApi() {
    api.stop(0);
  }

  private void records(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (signatureHolds(exchange, body)) {
      records.addAndGet((int) new String(body, UTF_8).lines().filter(l -> !l.isBlank()).count());
      exchange.sendResponseHeaders(200, -1);
    } else {
      refused.incrementAndGet();
      exchange.sendResponseHeaders(401, -1);
    }
    exchange.close();
  }

  private static boolean signatureHolds(HttpExchange exchange, byte[] body) {
    try {
      String timestamp = exchange.getRequestHeaders().getFirst("X-Timestamp");
      long age = Instant.now().getEpochSecond() - Long.parseLong(timestamp);
      String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
      URI uri = exchange.getRequestURI();
      String signed =
          String.join(
              "\n",
              exchange.getRequestMethod(),
              uri.getRawPath(),
              uri.getRawQuery() == null ? "" : uri.getRawQuery(),
              digest,
              timestamp);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
      String expected =
          "HMAC-SHA256 keyId=importer, signature="
              + HexFormat.of().formatHex(mac.doFinal(signed.getBytes(UTF_8)));
      return Math.abs(age) < 300
          && digest.equals(exchange.getRequestHeaders().getFirst("X-Content-SHA256"))
          && expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  @Test
  void importsEveryRecordWithValidSignaturesThroughTheShippedLauncher() throws IOException {
    Distribution dist = Distribution.withPlugin(dir, "hmac-signing");
    Files.writeString(
        dir.resolve("connector.json"),
        """
        {"name": "signed-api",
         "auth": {"type": "hmac-signing", "keyId": "importer", "secret": "${file:hmac.key}"},
         "upload": {"url": "http://127.0.0.1:%d/v1/projects/{project}/records", "format": "ndjson",
                    "batchSize": 7, "concurrency": 2}}
        """
            .formatted(api.getAddress().getPort()));
    Files.writeString(dir.resolve("hmac.key"), SECRET + "\n");
    StringBuilder ndjson = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      ndjson
          .append("{\"id\":")
          .append(i)
          .append(",\"note\":\"caf\u00e9 ")
          .append(i)
          .append("\"}\n");
    }
    Files.writeString(dir.resolve("events.ndjson"), ndjson);

    Distribution.Run run =
        dist.run(
            dir,
            Map.of(),
            "import",
            "connector.json",
            "--project",
            "project one",
            "events.ndjson",
            "--state-dir",
            "state",
            "--json");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(refused).hasValue(0);
    assertThat(records).hasValue(30);
    assertThat(run.all()).doesNotContain(SECRET);
  }
}
