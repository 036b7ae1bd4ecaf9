package io.customauth.benchmarks.refresh;

import io.customauth.benchmarks.hotpath.RequestHeaders;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Part 2 of issue 4: many threads ask for the token continuously while it expires every few
 * seconds, against a real token server on loopback. For each library: token requests per refresh
 * and the latency of a call.
 *
 * <p>Usage: {@code RefreshUnderLoad [--seconds 40] [--warmup 5] [--threads 64] [--lifetime 3]
 * [--window 1] [--library ours|google|all]}. Every phase is bounded in time.
 */
public final class RefreshUnderLoad {
  private RefreshUnderLoad() {}

  record Options(
      int seconds,
      int warmupSeconds,
      int threads,
      int lifetimeSeconds,
      int windowSeconds,
      List<Library> libraries) {
    static Options parse(String[] args) {
      int seconds = 40;
      int warmup = 5;
      int threads = 64;
      int lifetime = 3;
      int window = 1;
      List<Library> libraries = List.of(Library.values());
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--seconds" -> seconds = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--threads" -> threads = Integer.parseInt(value);
          case "--lifetime" -> lifetime = Integer.parseInt(value);
          case "--window" -> window = Integer.parseInt(value);
          case "--library" ->
              libraries =
                  value.equals("all")
                      ? List.of(Library.values())
                      : List.of(Library.valueOf(value.toUpperCase(Locale.ROOT)));
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      return new Options(seconds, warmup, threads, lifetime, window, libraries);
    }
  }

  record Result(
      Library library,
      long calls,
      int tokenRequests,
      int refreshes,
      int mostRequestsInOneRefresh,
      Histogram latencies,
      long errors,
      long blocked,
      long ranTokenRequest,
      int stuckCallers,
      long gcCount,
      long gcMillis) {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    System.out.printf(
        Locale.ROOT,
        "Refresh under load: %d threads, tokens live %d s, refresh window %d s, %d s measured per"
            + " library after %d s warm-up, %d cores%n",
        options.threads(),
        options.lifetimeSeconds(),
        options.windowSeconds(),
        options.seconds(),
        options.warmupSeconds(),
        Runtime.getRuntime().availableProcessors());
    List<Result> results = new ArrayList<>();
    for (Library library : options.libraries()) {
      results.add(run(library, options));
    }
    print(results, options);
  }

  static Result run(Library library, Options options) throws IOException, InterruptedException {
    try (TokenServer server = new TokenServer(options.lifetimeSeconds());
        Library.Subject subject =
            library.open(
                new TokenClient(server.uri()), Duration.ofSeconds(options.windowSeconds()))) {
      subject.authorize(new RequestHeaders()); // the cold start is not what is measured
      runCallers(subject, options.threads(), options.warmupSeconds());

      int requestsBefore = server.requests();
      long[] gcBefore = gc();
      List<Caller> callers = runCallers(subject, options.threads(), options.seconds());
      long[] gcAfter = gc();
      int requestsAfter = server.requests();

      long[] arrivals = server.arrivals(requestsBefore, requestsAfter);
      long refreshGap = TimeUnit.SECONDS.toNanos(options.lifetimeSeconds()) / 4;
      int[] episodes = episodes(arrivals, refreshGap);
      Histogram merged = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
      long calls = 0;
      long errors = 0;
      long blocked = 0;
      long ranTokenRequest = 0;
      int stuck = 0;
      for (Caller caller : callers) {
        if (caller.isAlive()) {
          stuck++;
          continue; // its counters are still being written; count it as stuck instead
        }
        merged.add(caller.latencies);
        calls += caller.calls;
        errors += caller.errors;
        blocked += caller.blocked;
        ranTokenRequest += caller.callsThatRanTokenRequest;
      }
      return new Result(
          library,
          calls,
          requestsAfter - requestsBefore,
          episodes[0],
          episodes[1],
          merged,
          errors,
          blocked,
          ranTokenRequest,
          stuck,
          gcAfter[0] - gcBefore[0],
          gcAfter[1] - gcBefore[1]);
    }
  }

  /** Collections and milliseconds spent collecting so far, all collectors together. */
  private static long[] gc() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, collector.getCollectionCount());
      millis += Math.max(0, collector.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  /** Starts the callers, and waits for them until their deadline plus a grace period at most. */
  private static List<Caller> runCallers(Library.Subject subject, int threads, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Caller> callers = new ArrayList<>(threads);
    for (int i = 0; i < threads; i++) {
      callers.add(new Caller("caller-" + i, subject, deadline));
    }
    callers.forEach(Thread::start);
    long giveUp = deadline + TimeUnit.SECONDS.toNanos(10);
    for (Caller caller : callers) {
      long left = giveUp - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(caller, left);
      }
    }
    return callers;
  }

  /**
   * Groups token requests into refreshes: requests closer together than {@code gap} (a quarter of
   * the token's life) serve the same expiry. Returns the number of refreshes and the largest number
   * of requests in one.
   */
  static int[] episodes(long[] arrivals, long gap) {
    if (arrivals.length == 0) {
      return new int[] {0, 0};
    }
    long[] sorted = arrivals.clone();
    Arrays.sort(sorted);
    int count = 1;
    int inCurrent = 1;
    int most = 1;
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] - sorted[i - 1] > gap) {
        count++;
        inCurrent = 1;
      } else {
        inCurrent++;
      }
      most = Math.max(most, inCurrent);
    }
    return new int[] {count, most};
  }

  private static void print(List<Result> results, Options options) {
    String format = "%-31s %12s %8s %9s %8s %8s %9s %9s %10s %7s %9s %9s%n";
    System.out.printf(
        Locale.ROOT,
        format,
        "library",
        "calls",
        "requests",
        "refreshes",
        "req/refr",
        "max/refr",
        "p50 µs",
        "p99 µs",
        "max µs",
        "errors",
        "blocked*",
        "fetched**");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          format,
          r.library().label,
          r.calls(),
          r.tokenRequests(),
          r.refreshes(),
          r.refreshes() == 0
              ? "-"
              : String.format(Locale.ROOT, "%.2f", (double) r.tokenRequests() / r.refreshes()),
          r.mostRequestsInOneRefresh(),
          micros(r.latencies().getValueAtPercentile(50)),
          micros(r.latencies().getValueAtPercentile(99)),
          micros(r.latencies().getMaxValue()),
          r.errors(),
          r.blocked(),
          r.ranTokenRequest());
      System.out.printf(
          Locale.ROOT,
          "  %s: %d GCs, %d ms collecting while measured%n",
          r.library().label,
          r.gcCount(),
          r.gcMillis());
      if (r.stuckCallers() > 0) {
        System.out.printf(
            Locale.ROOT, "  %d caller(s) still stuck after the deadline%n", r.stuckCallers());
      }
    }
    double expected =
        (double) options.seconds()
            / (options.lifetimeSeconds()
                - Math.min(options.windowSeconds(), options.lifetimeSeconds() / 2.0));
    System.out.printf(
        Locale.ROOT,
        "refreshes = bursts of token requests (gap > a quarter of the lifetime); about %.0f expected%n"
            + "* calls that took >= 1 ms, whatever the cause: on a loaded 2-core machine 64 busy"
            + " threads are also descheduled mid-call%n"
            + "** calls that ran the token request on the caller's own thread%n",
        expected);
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1000.0);
  }
}
