package io.customauth.examples.staticapikey;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built plugin jar in a copy of the distribution: {@code plugins}, {@code plugins --schema},
 * {@code validate} and a real {@code import} through bin/import-runner against a loopback API that
 * checks the key on every request and counts the records.
 */
class StaticApiKeyImportIT {
  private static final String KEY = "it-key-5d1e7a";

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
    String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
    if (KEY.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
      records.addAndGet((int) body.lines().filter(line -> !line.isBlank()).count());
      exchange.sendResponseHeaders(200, -1);
    } else {
      refused.incrementAndGet();
      exchange.sendResponseHeaders(401, -1);
    }
    exchange.close();
  }

  @Test
  void importsEveryRecordWithTheKeyThroughTheShippedLauncher() throws IOException {
    Distribution dist = Distribution.withPlugin(dir, "static-api-key");
    Files.writeString(
        dir.resolve("connector.json"),
        """
        {"name": "example-api",
         "auth": {"type": "static-api-key", "key": "${env:EXAMPLE_API_KEY}", "header": "X-Api-Key"},
         "upload": {"url": "http://127.0.0.1:%d/v1/projects/{project}/records", "format": "ndjson",
                    "batchSize": 10}}
        """
            .formatted(api.getAddress().getPort()));
    StringBuilder csv = new StringBuilder("id,name\n");
    for (int i = 1; i <= 25; i++) {
      csv.append(i).append(",name-").append(i).append('\n');
    }
    Files.writeString(dir.resolve("people.csv"), csv);
    Map<String, String> env = Map.of("EXAMPLE_API_KEY", KEY);

    Distribution.Run plugins = dist.run(dir, env, "plugins", "--json");
    assertThat(plugins.exitCode()).as(plugins.all()).isZero();
    assertThat(plugins.out()).contains("\"static-api-key\"").contains("\"custom\"");

    Distribution.Run schema = dist.run(dir, env, "plugins", "--schema", "static-api-key");
    assertThat(schema.exitCode()).as(schema.all()).isZero();
    assertThat(schema.out()).contains("\"writeOnly\"").contains("X-API-Key");

    Distribution.Run validate = dist.run(dir, env, "validate", "connector.json");
    assertThat(validate.exitCode()).as(validate.all()).isZero();

    Distribution.Run run =
        dist.run(
            dir,
            env,
            "import",
            "connector.json",
            "--project",
            "p1",
            "people.csv",
            "--state-dir",
            "state",
            "--json");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(records).hasValue(25);
    assertThat(refused).hasValue(0);
    assertThat(run.out()).contains("\"records\":25");
    assertThat(plugins.all() + schema.all() + validate.all() + run.all()).doesNotContain(KEY);
  }

  @Test
  void aMisspelledFieldIsReportedByTheHostFromTheDescription() throws IOException {
    Distribution dist = Distribution.withPlugin(dir, "static-api-key");
    Files.writeString(
        dir.resolve("typo.json"),
        """
        {"name": "typo", "auth": {"type": "static-api-key", "key": "k", "hedaer": "X-Key"},
         "upload": {"url": "http://127.0.0.1:1/records"}}
        """);

    Distribution.Run validate = dist.run(dir, Map.of(), "validate", "typo.json");

    assertThat(validate.exitCode()).as(validate.all()).isEqualTo(2);
    assertThat(validate.all()).contains("auth.hedaer").contains("did you mean header");
  }
}
