package io.customauth.runner.cli;

import static io.customauth.runner.cli.ImportJsonOutput.SUMMARY_FIELDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.demo.DemoProvider;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import CONNECTOR --project ID FILE... --json} end to end: the real custom plugin through
 * the plugin host, against the demo provider, whose tokens live two seconds and whose upload
 * endpoint refuses any token that is not currently valid.
 */
class ImportCommandTest {
  private static final String SECRET = "import-command-test-secret";
  private static final int CSV_ROWS = 1_020;
  private static final int NDJSON_ROWS = 730;
  private static final int JSON_ROWS = 460;
  private static final int BATCH_SIZE = 50;

  @TempDir Path dir;

  @Test
  void importsCsvNdjsonAndJsonFilesThroughSeveralTokenLifetimesWithEveryRecordCountedOnce()
      throws IOException {
    try (DemoProvider provider =
        new DemoProvider(
            "import-client",
            SECRET,
            Duration.ofSeconds(2),
            Duration.ofMillis(120),
            Clock.systemUTC())) {
      Path connector = demoConnector(provider);
      Path csv = ImportTestFiles.csv(dir, "a.csv", "a", CSV_ROWS);
      Path ndjson = ImportTestFiles.ndjson(dir, "b.ndjson", "b", NDJSON_ROWS);
      Path json = ImportTestFiles.jsonArray(dir, "c.json", "c", JSON_ROWS);

      Cli.Result result =
          Cli.run(
              environment(),
              "import",
              connector.toString(),
              "--project",
              "p 1",
              csv.toString(),
              ndjson.toString(),
              json.toString(),
              "--json",
              "--state-dir",
              dir.resolve("state").toString());

      assertThat(result.exitCode()).as(result.err()).isZero();
      JsonNode summary = ImportJsonOutput.onlyObject(result.out());
      assertThat(summary.fieldNames()).toIterable().containsExactlyElementsOf(SUMMARY_FIELDS);
      int records = CSV_ROWS + NDJSON_ROWS + JSON_ROWS;
      // Per file: 21 + 15 + 10 batches; batches spanning files would make 45.
      int batches = 21 + 15 + 10;
      assertThat(summary.get("ok").asBoolean()).isTrue();
      assertThat(summary.get("importId").asText())
          .isEqualTo(ImportJsonOutput.announcedImportId(result.err()));
      assertThat(summary.get("records").asLong()).isEqualTo(records);
      assertThat(summary.get("batches").asLong()).isEqualTo(batches);
      assertThat(summary.get("requests").asLong()).isEqualTo(batches);
      assertThat(summary.get("retries").asLong()).isZero();
      long refreshes = summary.get("tokenRefreshes").asLong();
      assertThat(refreshes).as("tokens obtained, the first included").isGreaterThan(1);
      // A background refresh may land between the summary and the end of the command.
      assertThat(provider.tokensIssued()).isBetween(refreshes, refreshes + 1);
      assertThat(summary.get("durationMs").asLong()).isPositive();
      assertThat(provider.recordsReceived()).isEqualTo(records);
      assertThat(provider.refusedTokens()).as("uploads with an expired token").isZero();
      assertThat(provider.duplicateBatches()).isZero();
      assertThat(provider.uploadRequests()).isEqualTo(batches);
    }
  }

  @Test
  void aMalformedCsvRowStopsTheImportNamingTheFileAndLineAndNothingPastItIsSent()
      throws IOException {
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 25);
    Files.writeString(csv, "a26,\"never closed,26\na27,x,27\n", StandardOpenOption.APPEND);
    try (ImportSink sink = new ImportSink(SECRET, "tok-", 3_600)) {
      Cli.Result result =
          Cli.run(
              SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, SECRET), dir),
              "import",
              ImportTestFiles.sinkConnector(dir, sink, 10, 1).toString(),
              "--project",
              "p",
              csv.toString(),
              "--json",
              "--state-dir",
              "state");

      assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
      JsonNode summary = ImportJsonOutput.onlyObject(result.out());
      assertThat(summary.at("/error/code").asText()).isEqualTo("INPUT_INVALID");
      assertThat(summary.at("/error/message").asText()).contains(csv.toString(), "line 27");
      // Whole batches before the broken row may go; the partial batch a21..a25 must not.
      assertThat(sink.acceptedIds()).isSubsetOf(ImportTestFiles.ids("a", 20));
    }
  }

  private RunnerEnvironment environment() {
    return SharedPlugins.testHome(Map.of("DEMO_SECRET", SECRET), dir);
  }

  /** Shaped like the one {@code demo} writes, refreshing one second before expiry. */
  private Path demoConnector(DemoProvider provider) throws IOException {
    return Files.writeString(
        dir.resolve("demo-provider.json"),
        """
        {
          "name": "demo-provider",
          "auth": {
            "type": "custom",
            "method": "POST",
            "authenticationUrl": "%s",
            "requestBody": [
              {"key": "client_id", "value": "import-client"},
              {"key": "client_secret", "value": "${env:DEMO_SECRET}"}
            ],
            "tokenKeyName": "auth.client_token",
            "expiryKeyName": "/auth/lease/expires_at",
            "expiryType": "datetime",
            "safetyWindowSeconds": 1,
            "timeoutSeconds": 5
          },
          "upload": {
            "url": "%s",
            "format": "ndjson",
            "batchSize": %d,
            "concurrency": 2
          }
        }
        """
            .formatted(provider.tokenUri(), provider.uploadUrlTemplate(), BATCH_SIZE));
  }
}
