package io.customauth.benchmarks.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part 5 of issue 4: peak resident set of the distribution's {@code import} command for a small and
 * a ten times larger CSV, measured from outside by GNU {@code time} (its "maximum resident set
 * size"), through the launcher as shipped (its {@code -Xmx512m} and AppCDS archive) and, for
 * comparison, with the extra {@code JAVA_OPTS} given (it comes after the launcher's flags, so an
 * {@code -Xmx} there wins).
 *
 * <p>Usage: {@code ImportMemory --dist DIR --data DIR --work DIR --rows 1000000,10000000
 * [--java-opts "-Xmx256m"] [--delete-from 10000000]}: input files of at least {@code delete-from}
 * rows are deleted after use. Exits 1 when an import lost records.
 */
public final class ImportMemory {
  private ImportMemory() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    if (!ChildRun.canMeasureRss()) {
      System.out.println("skipped: /usr/bin/time (GNU time) is not installed");
      return;
    }
    long[] rowCounts =
        Arrays.stream(options.text("rows", "1000000,10000000").split(","))
            .mapToLong(Long::parseLong)
            .toArray();
    long deleteFrom = options.number("delete-from", Long.MAX_VALUE);
    Map<String, String> variants = new LinkedHashMap<>();
    variants.put("as shipped (-Xmx512m)", "");
    String extra = options.text("java-opts", "");
    if (!extra.isBlank()) {
      variants.put("JAVA_OPTS=" + extra, extra);
    }
    Path work = options.path("work");
    Files.createDirectories(work);
    List<String> problems = new ArrayList<>();
    Map<String, List<Long>> peaks = new LinkedHashMap<>();

    System.out.printf(
        Locale.ROOT,
        "%-26s %11s %9s %8s %10s %9s %7s%n",
        "JVM flags",
        "records",
        "CSV MB",
        "wall s",
        "records/s",
        "RSS MiB",
        "tokens");
    try (Sink sink = new Sink(8)) {
      for (long rows : rowCounts) {
        Path csv = CsvData.ensure(options.path("data"), rows);
        ImportRun.Setup setup =
            new ImportRun.Setup(
                sink, csv, rows, options.path("dist").resolve("bin/import-runner"), work, 5);
        for (Map.Entry<String, String> variant : variants.entrySet()) {
          ImportRun run = ImportRun.ours(setup, "ours", variant.getValue(), true);
          problems.addAll(run.problems());
          long rssKib = run.child().maxRssKib().orElse(-1);
          peaks.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(rssKib);
          System.out.printf(
              Locale.ROOT,
              "%-26s %,11d %9.0f %8.1f %10.0f %9.0f %7d%n",
              variant.getKey(),
              run.sink().records(),
              Files.size(csv) / 1e6,
              run.child().wallSeconds(),
              run.recordsPerSecond(),
              rssKib / 1024.0,
              run.sink().tokensIssued());
        }
        if (rows >= deleteFrom) {
          Files.delete(csv);
        }
      }
    }
    peaks.forEach(
        (variant, values) ->
            System.out.printf(
                Locale.ROOT,
                "%s: peak RSS at %,d records is %.1f%% of the figure at %,d (goal <= 120%%)%n",
                variant,
                rowCounts[rowCounts.length - 1],
                100.0 * values.get(values.size() - 1) / values.get(0),
                rowCounts[0]));
    if (!problems.isEmpty()) {
      problems.forEach(p -> System.out.println("FAILED: " + p));
      System.exit(1);
    }
  }
}
