package io.customauth.benchmarks.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One import of a CSV file into the {@link Sink}, as a whole program in its own process, by ours
 * (the distribution's {@code import} command with the {@code custom} strategy) or by the baseline
 * ({@link PlainUploader}), with what the sink saw during it.
 */
record ImportRun(
    String side, long expectedRecords, ChildRun child, Sink.Stats sink, JsonNode summary) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where both sides run: the sink, the file, the distribution and scratch space. */
  record Setup(Sink sink, Path csv, long rows, Path launcher, Path work, int tokenLifetimeSeconds) {
    /** The connector our import uses: short-lived tokens, batchSize 500, concurrency 4. */
    Path connector() throws IOException {
      Path file = work.resolve("bench-connector.json");
      String json =
          """
          {
            "name": "bench",
            "auth": {
              "type": "custom",
              "method": "POST",
              "authenticationUrl": "%s",
              "queryParameters": [ {"key": "lifetime", "value": "%d"} ],
              "requestBody": [ {"key": "grant_type", "value": "client_credentials"} ],
              "tokenKeyName": "access_token",
              "expiryKeyName": "expires_in",
              "expiryType": "seconds",
              "safetyWindowSeconds": 1
            },
            "upload": {
              "url": "%s",
              "format": "json",
              "batchSize": 500,
              "concurrency": 4
            }
          }
          """
              .formatted(sink.tokenUrl(), tokenLifetimeSeconds, sink.uploadUrlTemplate());
      Files.createDirectories(work);
      Files.writeString(file, json, StandardCharsets.UTF_8);
      return file;
    }
  }

  /**
   * Ours: {@code import-runner import} through the launcher as shipped (its {@code -Xmx512m} and
   * its AppCDS archive), with {@code javaOpts} as {@code JAVA_OPTS} (may be "") and the archive on
   * or off ({@code IMPORT_RUNNER_CDS}). Both are always set, so the caller's environment cannot
   * leak into the measurement.
   */
  static ImportRun ours(Setup setup, String side, String javaOpts, boolean cds)
      throws IOException, InterruptedException {
    Path state = setup.work().resolve("state");
    deleteRecursively(state);
    List<String> command =
        List.of(
            setup.launcher().toString(),
            "import",
            setup.connector().toString(),
            "--project",
            Sink.PROJECT,
            setup.csv().toString(),
            "--json",
            "--progress",
            "plain",
            "--state-dir",
            state.toString());
    Sink.Stats before = setup.sink().stats();
    ChildRun child =
        ChildRun.run(
            command,
            Map.of("JAVA_OPTS", javaOpts, "IMPORT_RUNNER_CDS", cds ? "on" : "off"),
            setup.work().resolve("ours-stderr.log"));
    Sink.Stats during = setup.sink().stats().minus(before);
    deleteRecursively(state);
    return new ImportRun(side, setup.rows(), child, during, parse(child.stdout()));
  }

  /** The baseline: {@link PlainUploader} in a JVM with default flags, as the launcher's. */
  static ImportRun baseline(Setup setup) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            PlainUploader.class.getName(),
            setup.csv().toString(),
            setup.sink().uploadUrl(),
            "500",
            "4");
    // A fixed token, valid for longer than any run: the sink checks it like any other.
    String token = setup.sink().issueToken(86_400);
    Sink.Stats before = setup.sink().stats();
    ChildRun child =
        ChildRun.run(
            command,
            Map.of("BENCH_TOKEN", token, "JAVA_OPTS", ""),
            setup.work().resolve("baseline-stderr.log"));
    Sink.Stats during = setup.sink().stats().minus(before);
    return new ImportRun("baseline", setup.rows(), child, during, parse(child.stdout()));
  }

  private static JsonNode parse(String stdout) {
    String[] lines = stdout.strip().split("\n");
    try {
      return JSON.readTree(lines[lines.length - 1]);
    } catch (IOException e) {
      return JSON.createObjectNode().put("unparsable", true);
    }
  }

  /** Every record reached the sink, each once, with a valid token, and the program said so. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (child.exitCode() != 0) {
      problems.add(side + " exited " + child.exitCode());
    }
    if (sink.records() != expectedRecords) {
      problems.add(side + ": the sink counted " + sink.records() + " of " + expectedRecords);
    }
    if (summary.path("records").asLong(-1) != expectedRecords) {
      problems.add(side + " reported " + summary.path("records").asText("nothing") + " records");
    }
    return problems;
  }

  double recordsPerSecond() {
    return sink.records() / child.wallSeconds();
  }

  /** Records per second over the program's own import time (start-up and exit excluded). */
  double inProgramRecordsPerSecond() {
    long millis = summary.path("durationMs").asLong(0);
    return millis == 0 ? Double.NaN : summary.path("records").asLong() * 1000.0 / millis;
  }

  /** Wall time the program's own duration leaves out: JVM start, what precedes the import, exit. */
  double outsideProgramSeconds() {
    long millis = summary.path("durationMs").asLong(-1);
    return millis < 0 ? Double.NaN : child.wallSeconds() - millis / 1000.0;
  }

  String row() {
    OptionalLong rss = child.maxRssKib();
    return String.format(
        Locale.ROOT,
        "%-12s %,10d %8.2f %10.0f %12.0f %8.1f %8.1f %9s %7d %9s %5d",
        side,
        sink.records(),
        child.wallSeconds(),
        recordsPerSecond(),
        inProgramRecordsPerSecond(),
        child.cpuSeconds(),
        sink.cpuNanos() / 1e9,
        rss.isPresent() ? String.format(Locale.ROOT, "%.0f", rss.getAsLong() / 1024.0) : "-",
        sink.tokensIssued(),
        summary.has("tokenRefreshes") ? summary.path("tokenRefreshes").asText() : "-",
        sink.rejected());
  }

  static String header() {
    return String.format(
        Locale.ROOT,
        "%-12s %10s %8s %10s %12s %8s %8s %9s %7s %9s %5s",
        "side",
        "records",
        "wall s",
        "records/s",
        "in-prog r/s",
        "cpu s",
        "sink cpu",
        "RSS MiB",
        "tokens",
        "refreshes",
        "401s");
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
