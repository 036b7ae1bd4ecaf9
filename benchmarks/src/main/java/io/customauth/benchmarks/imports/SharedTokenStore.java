package io.customauth.benchmarks.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 10: 8 runner processes import at once through one connector whose tokens live 2 s (so a
 * refresh every second), with and without a shared token store, through the distribution's {@code
 * demo --workers 8}. Reports token requests per refresh period, throughput, and each worker's own
 * import rate as the trace of the hot path (the store is never asked for a token a runner holds, so
 * the rate must not drop with it).
 *
 * <p>{@code SharedTokenStore --dist DIR --work DIR [--records N] [--rounds N] [--store URL]}; the
 * store defaults to {@code redis://127.0.0.1:6379/0}.
 */
public final class SharedTokenStore {
  private static final int WORKERS = 8;
  private static final int TOKEN_SECONDS = 2;

  /** With a 2 s token, demo's 2 s safety window is capped at half the life: refresh every 1 s. */
  private static final double REFRESH_PERIOD_SECONDS = 1.0;

  private static final Pattern ISSUED = Pattern.compile("\"providerTokensIssued\":(\\d+)");
  private static final Pattern OK = Pattern.compile("\"ok\":(true|false)");
  private static final Pattern DURATION = Pattern.compile("\"durationMs\":(\\d+)");
  private static final Pattern RECORDS = Pattern.compile("\"records\":(\\d+)");
  private static final Pattern REFRESHES = Pattern.compile("\"tokenRefreshes\":(\\d+)");

  private SharedTokenStore() {}

  private record Round(
      boolean store,
      boolean ok,
      long issued,
      double wallSeconds,
      double longestImportSeconds,
      double meanWorkerRate,
      long records,
      long workerRefreshes) {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    Path dist = options.path("dist");
    Path work = options.path("work");
    int records = (int) options.number("records", 100_000);
    int rounds = (int) options.number("rounds", 2);
    String store = options.text("store", "redis://127.0.0.1:6379/0");
    Files.createDirectories(work);

    List<Round> results = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      results.add(run(dist, work.resolve("without-" + round), records, null));
      results.add(run(dist, work.resolve("with-" + round), records, store));
    }
    System.out.printf(
        "%d workers x %,d records, tokens live %d s (a refresh every %.0f s)%n",
        WORKERS, records, TOKEN_SECONDS, REFRESH_PERIOD_SECONDS);
    System.out.printf(
        "%-8s %3s %7s %9s %14s %14s %16s %12s %18s%n",
        "store",
        "ok",
        "tokens",
        "wall s",
        "refreshes",
        "tokens/refresh",
        "worker refreshes",
        "records/s",
        "worker records/s");
    for (Round r : results) {
      double refreshes = Math.max(1, r.longestImportSeconds() / REFRESH_PERIOD_SECONDS);
      System.out.printf(
          "%-8s %3s %7d %9.2f %14.1f %14.2f %16d %,12.0f %,18.0f%n",
          r.store() ? "redis" : "none",
          r.ok() ? "yes" : "NO",
          r.issued(),
          r.wallSeconds(),
          refreshes,
          r.issued() / refreshes,
          r.workerRefreshes(),
          r.records() / r.wallSeconds(),
          r.meanWorkerRate());
    }
    double without = mean(results, false);
    double with = mean(results, true);
    System.out.printf(
        "per-worker import rate with the store: %.1f%% of without (the hot path does not touch"
            + " Redis; the drop is each runner's fixed start-up cost of the Redis client, about 2 s"
            + " of CPU for Lettuce, Netty and Reactor, on 2 cores shared by 8 JVMs: see"
            + " BENCHMARKS.md)%n",
        100 * with / without);
  }

  private static double mean(List<Round> results, boolean store) {
    return results.stream()
        .filter(r -> r.store() == store)
        .mapToDouble(Round::meanWorkerRate)
        .average()
        .orElse(Double.NaN);
  }

  private static Round run(Path dist, Path dir, int records, String store)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                dist.resolve("bin/import-runner").toString(),
                "demo",
                "--dir",
                dir.toString(),
                "--records",
                String.valueOf(records),
                "--token-lifetime",
                String.valueOf(TOKEN_SECONDS),
                "--workers",
                String.valueOf(WORKERS),
                "--json"));
    if (store != null) {
      command.addAll(List.of("--token-store", store));
    }
    Files.createDirectories(dir);
    ChildRun run =
        ChildRun.run(
            command,
            Map.of("IMPORT_RUNNER_TOKEN_STORE_SECRET", "benchmark-secret-0123456789abcdef"),
            dir.resolve("demo.err"));
    String out = run.stdout();
    double longest = 0;
    double rateSum = 0;
    long workerRefreshes = 0;
    for (int i = 1; i <= WORKERS; i++) {
      String summary = Files.readString(dir.resolve("worker-" + i + ".json"));
      double seconds = number(DURATION, summary) / 1000.0;
      longest = Math.max(longest, seconds);
      rateSum += number(RECORDS, summary) / seconds;
      workerRefreshes += number(REFRESHES, summary);
    }
    return new Round(
        store != null,
        run.exitCode() == 0 && "true".equals(group(OK, out)),
        number(ISSUED, out),
        run.wallSeconds(),
        longest,
        rateSum / WORKERS,
        (long) records * WORKERS,
        workerRefreshes);
  }

  private static long number(Pattern pattern, String text) {
    String value = group(pattern, text);
    return value == null ? -1 : Long.parseLong(value);
  }

  private static String group(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group(1) : null;
  }
}
