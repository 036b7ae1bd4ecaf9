package io.customauth.benchmarks.startup;

import io.customauth.benchmarks.imports.Sink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part 4 of issue 4: wall time of {@code import-runner plugins} and of {@code import-runner
 * auth-test} (against a token endpoint on loopback), each a whole process from start to exit, with
 * the launcher's default flags and with a dynamic AppCDS archive made by one training run of {@code
 * validate examples/acme.json} ({@code -XX:ArchiveClassesAtExit}, then {@code
 * -XX:SharedArchiveFile}, both through {@code JAVA_OPTS}). The training command needs no network,
 * so an installed distribution can make its archive itself, as the proposal in BENCHMARKS.md says.
 * The four variants alternate within each round, so drift in the machine's load hits all alike; two
 * unmeasured rounds warm the file cache first.
 *
 * <p>Usage: {@code StartupTime DIST_DIR WORK_DIR [RUNS]} (RUNS defaults to 10). Exits 1 when a run
 * fails.
 */
public final class StartupTime {
  private static final int WARM_UP_ROUNDS = 2;

  private StartupTime() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: StartupTime DIST_DIR WORK_DIR [RUNS]");
    }
    Path launcher = Path.of(args[0]).toAbsolutePath().resolve("bin/import-runner");
    Path work = Path.of(args[1]).toAbsolutePath();
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Files.createDirectories(work);
    Path log = work.resolve("startup-stderr.log");
    Path archive = work.resolve("import-runner.jsa");
    Files.deleteIfExists(archive);

    try (Sink sink = new Sink(2)) {
      Path connector = work.resolve("startup-connector.json");
      Files.writeString(connector, connectorJson(sink.tokenUrl()), StandardCharsets.UTF_8);
      List<String> plugins = List.of(launcher.toString(), "plugins");
      List<String> authTest = List.of(launcher.toString(), "auth-test", connector.toString());

      double training = time(authTest, "-XX:ArchiveClassesAtExit=" + archive, log);
      System.out.printf(
          Locale.ROOT,
          "training run (validate examples/acme.json with -XX:ArchiveClassesAtExit): %.0f ms; archive %.1f MB%n",
          training,
          Files.size(archive) / 1e6);
      String useArchive = "-XX:SharedArchiveFile=" + archive;
      printArchiveUse(authTest, useArchive);

      Map<String, List<Double>> times = new LinkedHashMap<>();
      Map<String, List<String>> commands = new LinkedHashMap<>();
      Map<String, String> javaOpts = new LinkedHashMap<>();
      for (String[] variant :
          new String[][] {
            {"plugins", ""}, {"plugins + AppCDS", useArchive},
            {"auth-test", ""}, {"auth-test + AppCDS", useArchive}
          }) {
        commands.put(variant[0], variant[0].startsWith("plugins") ? plugins : authTest);
        javaOpts.put(variant[0], variant[1]);
        times.put(variant[0], new ArrayList<>());
      }
      for (int round = -WARM_UP_ROUNDS; round < runs; round++) {
        for (String name : commands.keySet()) {
          double millis = time(commands.get(name), javaOpts.get(name), log);
          if (round >= 0) {
            times.get(name).add(millis);
          }
        }
      }

      System.out.printf(
          Locale.ROOT,
          "%n%d runs each, wall ms per whole process%n%-20s %8s %8s %8s %8s %8s%n",
          runs,
          "command",
          "mean",
          "median",
          "min",
          "max",
          "stdev");
      times.forEach(
          (name, values) ->
              System.out.printf(
                  Locale.ROOT,
                  "%-20s %8.0f %8.0f %8.0f %8.0f %8.0f%n",
                  name,
                  mean(values),
                  median(values),
                  values.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
                  values.stream().mapToDouble(d -> d).max().orElse(Double.NaN),
                  stdev(values)));
      for (String command : List.of("plugins", "auth-test")) {
        double without = median(times.get(command));
        double with = median(times.get(command + " + AppCDS"));
        System.out.printf(
            Locale.ROOT,
            "%s: AppCDS median %.0f ms vs %.0f ms without: %.0f%% less%n",
            command,
            with,
            without,
            100 * (without - with) / without);
      }
    } finally {
      // 20 MB per run, of no use once measured.
      Files.deleteIfExists(archive);
    }
  }

  /**
   * Runs {@code command} with {@code javaOpts} to its end; its wall time in ms. Standard output is
   * discarded, standard error appended to {@code log}.
   */
  private static double time(List<String> command, String javaOpts, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("JAVA_OPTS", javaOpts);
    long start = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    int exit = process.waitFor();
    double millis = (System.nanoTime() - start) / 1e6;
    if (exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " with JAVA_OPTS=" + javaOpts + " exited " + exit);
    }
    return millis;
  }

  /**
   * How many of the classes {@code auth-test} loads came from the archive, from the JDK's CDS
   * archive and from the dynamic one, and how many of the plugin's (loaded by its own class
   * loader).
   */
  private static void printArchiveUse(List<String> command, String useArchive)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_OPTS", useArchive + " -Xlog:class+load=info");
    Process process = builder.start();
    process.getOutputStream().close();
    List<String> lines =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .filter(line -> line.contains("[class,load]"))
            .toList();
    process.waitFor();
    long base = lines.stream().filter(l -> l.endsWith("source: shared objects file")).count();
    long top = lines.stream().filter(l -> l.endsWith("source: shared objects file (top)")).count();
    List<String> plugin =
        lines.stream().filter(l -> l.contains("plugins/custom-auth/") || isPluginClass(l)).toList();
    long pluginShared = plugin.stream().filter(l -> l.contains("shared objects file")).count();
    System.out.printf(
        Locale.ROOT,
        "auth-test with the archive loads %d classes: %d from the JDK's CDS archive, %d from the"
            + " dynamic archive, %d from jars; plugin classes (own class loader): %d, of which"
            + " %d from the archive%n",
        lines.size(),
        base,
        top,
        lines.size() - base - top,
        plugin.size(),
        pluginShared);
  }

  private static boolean isPluginClass(String line) {
    return line.contains(" io.customauth.plugin.") || line.contains(" org.hibernate.");
  }

  private static String connectorJson(String tokenUrl) {
    return """
        {
          "name": "startup",
          "auth": {
            "type": "custom",
            "method": "POST",
            "authenticationUrl": "%s",
            "queryParameters": [ {"key": "lifetime", "value": "3600"} ],
            "requestBody": [ {"key": "grant_type", "value": "client_credentials"} ],
            "tokenKeyName": "access_token",
            "expiryKeyName": "expires_in",
            "expiryType": "seconds"
          }
        }
        """
        .formatted(tokenUrl);
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(d -> d).average().orElse(Double.NaN);
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(d -> d).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double stdev(List<Double> values) {
    double mean = mean(values);
    return Math.sqrt(
        values.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum()
            / Math.max(1, values.size() - 1));
  }
}
