package io.customauth.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prints part 1's table from a JMH JSON result file ({@code -rf json}): ns/op and B/op per
 * benchmark and thread count, and our ratios to the fastest peer and to the floor.
 *
 * <p>Usage: {@code HotPathReport results.json}
 */
public final class HotPathReport {
  private static final String OURS = "ours";
  private static final String FLOOR = "floor";
  private static final List<String> PEERS =
      List.of("googleAuth", "awsCachedSupplier", "azureAccessTokenCache");

  private HotPathReport() {}

  record Row(String name, int threads, double nanos, double nanosError, double bytes) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: HotPathReport <jmh-result.json>");
    }
    Map<Integer, List<Row>> byThreads = new TreeMap<>();
    for (JsonNode run : new ObjectMapper().readTree(new File(args[0]))) {
      String benchmark = run.path("benchmark").asText();
      Row row =
          new Row(
              benchmark.substring(benchmark.lastIndexOf('.') + 1),
              run.path("threads").asInt(),
              run.path("primaryMetric").path("score").asDouble(),
              run.path("primaryMetric").path("scoreError").asDouble(Double.NaN),
              run.path("secondaryMetrics")
                  .path("gc.alloc.rate.norm")
                  .path("score")
                  .asDouble(Double.NaN));
      byThreads.computeIfAbsent(row.threads(), t -> new ArrayList<>()).add(row);
    }
    byThreads.forEach(HotPathReport::print);
  }

  private static void print(int threads, List<Row> rows) {
    Optional<Row> ours = find(rows, OURS);
    Optional<Row> floor = find(rows, FLOOR);
    System.out.printf(Locale.ROOT, "%nHot path, %d thread(s) sharing one cache%n", threads);
    String format = "%-24s %10s %9s %9s %14s%n";
    System.out.printf(
        Locale.ROOT, format, "benchmark", "ns/op", "± (99.9%)", "B/op", "÷ ours ns/op");
    for (Row row : rows) {
      System.out.printf(
          Locale.ROOT,
          format,
          row.name(),
          String.format(Locale.ROOT, "%.2f", row.nanos()),
          Double.isNaN(row.nanosError())
              ? "-"
              : String.format(Locale.ROOT, "%.2f", row.nanosError()),
          Double.isNaN(row.bytes()) ? "-" : String.format(Locale.ROOT, "%.1f", row.bytes()),
          ours.map(o -> String.format(Locale.ROOT, "%.2f", row.nanos() / o.nanos())).orElse("-"));
    }
    Optional<Row> fastestPeer =
        rows.stream()
            .filter(r -> PEERS.contains(r.name()))
            .min((a, b) -> Double.compare(a.nanos(), b.nanos()));
    if (ours.isPresent() && fastestPeer.isPresent()) {
      System.out.printf(
          Locale.ROOT,
          "fastest peer %s is %.2fx slower than ours (goal >= 5x)%n",
          fastestPeer.get().name(),
          fastestPeer.get().nanos() / ours.get().nanos());
    }
    if (ours.isPresent() && floor.isPresent()) {
      System.out.printf(
          Locale.ROOT,
          "ours is %.2fx the floor (goal <= 3x); ours allocates %.1f B/op (goal 0)%n",
          ours.get().nanos() / floor.get().nanos(),
          ours.get().bytes());
    }
    printStoreFloor(rows);
    printWithTokenStore(rows);
  }

  /**
   * Issue 10: a token store configured must not change the hot path (the trial fails on a call).
   */
  private static void printWithTokenStore(List<Row> rows) {
    Optional<Row> ours = find(rows, OURS);
    Optional<Row> withStore = find(rows, "oursWithStore");
    if (ours.isPresent() && withStore.isPresent()) {
      System.out.printf(
          Locale.ROOT,
          "oursWithStore ÷ ours = %.2f (goal: unchanged, 1.0 within the error); %.1f B/op;"
              + " 0 token store calls while measuring%n",
          withStore.get().nanos() / ours.get().nanos(),
          withStore.get().bytes());
    }
  }

  private static void printStoreFloor(List<Row> rows) {
    Optional<Row> ours = find(rows, OURS);
    Optional<Row> floorWithStore = find(rows, "floorWithStore");
    if (ours.isPresent() && floorWithStore.isPresent()) {
      System.out.printf(
          Locale.ROOT,
          "diagnostic: ours is %.2fx floorWithStore (a volatile read plus the store on the request)%n",
          ours.get().nanos() / floorWithStore.get().nanos());
    }
  }

  private static Optional<Row> find(List<Row> rows, String name) {
    return rows.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
