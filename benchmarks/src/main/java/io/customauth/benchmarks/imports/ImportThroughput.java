package io.customauth.benchmarks.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part 3 of issue 4: records per second of a whole import, ours (the distribution's {@code import}
 * command, {@code custom} strategy, tokens that expire several times during the run) against the
 * baseline ({@link PlainUploader}: the same records, batches and body format with a fixed token),
 * into one {@link Sink} started once. Runs alternate, baseline first, so drift in the machine's
 * load hits both sides alike. Before them, the sink's own capacity is measured.
 *
 * <p>Usage: {@code ImportThroughput --dist DIR --data DIR --work DIR [--rows 1000000] [--rounds 2]
 * [--capacity-seconds 10] [--token-lifetime 2]}. Exits 1 when a run lost or refused records.
 */
public final class ImportThroughput {
  private ImportThroughput() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    long rows = options.number("rows", 1_000_000);
    int rounds = (int) options.number("rounds", 2);
    int lifetime = (int) options.number("token-lifetime", 2);
    Path csv = CsvData.ensure(options.path("data"), rows);
    Path launcher = options.path("dist").resolve("bin/import-runner");
    List<String> problems = new ArrayList<>();
    Files.createDirectories(options.path("work"));

    try (Sink sink = new Sink(8)) {
      ImportRun.Setup setup =
          new ImportRun.Setup(sink, csv, rows, launcher, options.path("work"), lifetime);

      SinkCapacity.Result capacity =
          SinkCapacity.measure(sink, csv, 4, options.number("capacity-seconds", 10));
      System.out.printf(
          Locale.ROOT,
          "sink alone (in-process client, one pre-built 500-record body, 4 threads, %.0f s):"
              + " %,.0f records/s; sink+client CPU %.1f s (%.2f of 2 cores)%n",
          capacity.seconds(),
          capacity.recordsPerSecond(),
          capacity.sink().cpuNanos() / 1e9,
          capacity.sink().cpuNanos() / 1e9 / capacity.seconds());

      Path archive = options.path("work").resolve("import-runner.jsa");
      Files.deleteIfExists(archive);
      ChildRun training =
          ChildRun.run(
              List.of(
                  launcher.toString(),
                  "validate",
                  launcher.getParent().resolveSibling("examples/acme.json").toString()),
              Map.of("JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + archive),
              options.path("work").resolve("training-stderr.log"));
      boolean withArchive = training.exitCode() == 0 && Files.exists(archive);

      List<ImportRun> baselines = new ArrayList<>();
      List<ImportRun> oursWithArchive = new ArrayList<>();
      List<ImportRun> ours = new ArrayList<>();
      System.out.printf(
          Locale.ROOT,
          "%n%,d records, batchSize 500, concurrency 4; ours: token lifetime %d s, safety window"
              + " 1 s%n",
          rows,
          lifetime);
      System.out.println(ImportRun.header());
      for (int round = 0; round < rounds; round++) {
        ImportRun baseline = ImportRun.baseline(setup);
        System.out.println(baseline.row());
        baselines.add(baseline);
        problems.addAll(baseline.problems());
        ImportRun our = ImportRun.ours(setup, "");
        System.out.println(our.row());
        ours.add(our);
        problems.addAll(our.problems());
        if (our.sink().rejected() > 0) {
          problems.add("ours: the sink refused " + our.sink().rejected() + " request(s) (401)");
        }
        if (withArchive) {
          ImportRun cds = ImportRun.ours(setup, "-XX:SharedArchiveFile=" + archive, "ours+CDS");
          System.out.println(cds.row());
          oursWithArchive.add(cds);
          problems.addAll(cds.problems());
        }
        if (our.sink().tokensIssued() < 3) {
          System.out.println(
              "warning: only " + our.sink().tokensIssued() + " token requests: run too short");
        }
      }

      double baselineRate = mean(baselines, false);
      double ourRate = mean(ours, false);
      System.out.printf(
          Locale.ROOT,
          "%nmean records/s (whole process): baseline %,.0f, ours %,.0f;"
              + " ours / baseline = %.1f%% (goal >= 95%%)%n",
          baselineRate,
          ourRate,
          100 * ourRate / baselineRate);
      System.out.printf(
          Locale.ROOT,
          "mean records/s (each program's own duration, JVM start excluded): baseline %,.0f,"
              + " ours %,.0f; ours / baseline = %.1f%%%n",
          mean(baselines, true),
          mean(ours, true),
          100 * mean(ours, true) / mean(baselines, true));
      if (!oursWithArchive.isEmpty()) {
        System.out.printf(
            Locale.ROOT,
            "not in the ratio: ours with an AppCDS archive (part 4's proposal) %,.0f records/s ="
                + " %.1f%% of baseline%n",
            mean(oursWithArchive, false),
            100 * mean(oursWithArchive, false) / baselineRate);
      }
      double sinkCpuPerRecord =
          ours.stream().mapToDouble(r -> r.sink().cpuNanos()).sum()
              / ours.stream().mapToLong(r -> r.sink().records()).sum();
      System.out.printf(
          Locale.ROOT,
          "sink capacity %,.0f records/s = %.1fx ours, %.1fx baseline; sink CPU during ours %.2f"
              + " µs/record%n",
          capacity.recordsPerSecond(),
          capacity.recordsPerSecond() / ourRate,
          capacity.recordsPerSecond() / baselineRate,
          sinkCpuPerRecord / 1000);
      // 20 MB per run, of no use once measured.
      Files.deleteIfExists(archive);
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> System.out.println("FAILED: " + p));
      System.exit(1);
    }
  }

  private static double mean(List<ImportRun> runs, boolean inProgram) {
    return runs.stream()
        .mapToDouble(r -> inProgram ? r.inProgramRecordsPerSecond() : r.recordsPerSecond())
        .average()
        .orElse(Double.NaN);
  }
}
