package io.customauth.benchmarks.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Part 3 of issue 4: records per second of a whole import, ours (the distribution's {@code import}
 * command through its launcher as shipped, AppCDS archive and all; {@code custom} strategy, tokens
 * that expire several times during the run) against the baseline ({@link PlainUploader}: the same
 * records, batches and body format with a fixed token), into one {@link Sink} started once. Runs
 * alternate (baseline, ours, ours with {@code IMPORT_RUNNER_CDS=off}), so drift in the machine's
 * load hits all alike, in an order rotated each round (three rounds put each side once in each
 * place). Before them, the sink's own capacity is measured; after them, the start-up
 * pieces that bound the gap ({@link StartupPieces}).
 *
 * <p>Usage: {@code ImportThroughput --dist DIR --data DIR --work DIR [--rows 1000000] [--rounds 2]
 * [--capacity-seconds 10] [--token-lifetime 2] [--startup-rounds 5] [--ours-java-opts OPTS]}
 * ({@code OPTS} is for profiling: {@code JAVA_OPTS} of the "ours" runs). Exits 1 when a run lost or
 * refused records.
 */
public final class ImportThroughput {
  private ImportThroughput() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    long rows = options.number("rows", 1_000_000);
    int rounds = (int) options.number("rounds", 2);
    int lifetime = (int) options.number("token-lifetime", 2);
    // For profiling ours (a JFR recording, say); empty in every measured run.
    String oursJavaOpts = options.text("ours-java-opts", "");
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

      List<ImportRun> baselines = new ArrayList<>();
      List<ImportRun> oursWithoutArchive = new ArrayList<>();
      List<ImportRun> ours = new ArrayList<>();
      System.out.printf(
          Locale.ROOT,
          "%n%,d records, batchSize 500, concurrency 4; ours: token lifetime %d s, safety window"
              + " 1 s%n",
          rows,
          lifetime);
      System.out.println(ImportRun.header());
      for (int round = 0; round < rounds; round++) {
        // Each round runs the three in another order (rotated by one), so that no side always
        // follows the same one: the sink's and the page cache's state after a run would
        // otherwise favour one side in every round.
        for (int turn = 0; turn < 3; turn++) {
          switch ((round + turn) % 3) {
            case 0 -> {
              ImportRun baseline = ImportRun.baseline(setup);
              System.out.println(baseline.row());
              baselines.add(baseline);
              problems.addAll(baseline.problems());
            }
            case 1 -> {
              ImportRun our = ImportRun.ours(setup, "ours", oursJavaOpts, true);
              System.out.println(our.row());
              ours.add(our);
              problems.addAll(our.problems());
              if (our.sink().rejected() > 0) {
                problems.add(
                    "ours: the sink refused " + our.sink().rejected() + " request(s) (401)");
              }
              if (our.sink().tokensIssued() < 3) {
                System.out.println(
                    "warning: only "
                        + our.sink().tokensIssued()
                        + " token requests: run too short");
              }
            }
            default -> {
              ImportRun noCds = ImportRun.ours(setup, "ours CDS=off", "", false);
              System.out.println(noCds.row());
              oursWithoutArchive.add(noCds);
              problems.addAll(noCds.problems());
              if (noCds.sink().rejected() > 0) {
                problems.add(
                    "ours CDS=off: the sink refused "
                        + noCds.sink().rejected()
                        + " request(s) (401)");
              }
            }
          }
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
          "goal: import %,d records (records/s, ours / baseline, whole process, load %s) | figure:"
              + " %.1f%% | target: >= 95%% | %s%n",
          rows,
          loadAverage(),
          100 * ourRate / baselineRate,
          ourRate >= 0.95 * baselineRate ? "met" : "missed");
      System.out.printf(
          Locale.ROOT,
          "mean records/s (each program's own duration, JVM start excluded): baseline %,.0f,"
              + " ours %,.0f; ours / baseline = %.1f%%%n",
          mean(baselines, true),
          mean(ours, true),
          100 * mean(ours, true) / mean(baselines, true));
      System.out.printf(
          Locale.ROOT,
          "not in the ratio: ours with IMPORT_RUNNER_CDS=off %,.0f records/s = %.1f%% of baseline%n",
          mean(oursWithoutArchive, false),
          100 * mean(oursWithoutArchive, false) / baselineRate);
      System.out.printf(
          Locale.ROOT,
          "mean time outside the program's own duration (JVM start, and for ours plugins, config,"
              + " exit): baseline %.2f s, ours %.2f s%n",
          meanOutside(baselines),
          meanOutside(ours));
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
      StartupPieces.measure(setup, (int) options.number("startup-rounds", 5));
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> System.out.println("FAILED: " + p));
      System.exit(1);
    }
  }

  /** The 1-, 5- and 15-minute load averages, or "?" where /proc is not there. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static double meanOutside(List<ImportRun> runs) {
    return runs.stream().mapToDouble(ImportRun::outsideProgramSeconds).average().orElse(Double.NaN);
  }

  private static double mean(List<ImportRun> runs, boolean inProgram) {
    return runs.stream()
        .mapToDouble(r -> inProgram ? r.inProgramRecordsPerSecond() : r.recordsPerSecond())
        .average()
        .orElse(Double.NaN);
  }
}
