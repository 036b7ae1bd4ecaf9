package io.customauth.benchmarks.startup;

import static java.util.stream.Collectors.joining;

import io.customauth.benchmarks.imports.Sink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Part 4 of issue 4: wall time of {@code import-runner plugins} and of {@code import-runner
 * auth-test} (against a token endpoint on loopback), each a whole process from start to exit,
 * through the launcher as shipped (with the AppCDS archive the build made, {@code
 * lib/import-runner.jsa}) and with {@code IMPORT_RUNNER_CDS=off}, side by side in the same rounds.
 *
 * <p>It also checks what the launcher promises for a distribution the archive does not fit: a copy
 * of the distribution in another directory, and, when given, another JDK ({@code JAVA_HOME}). Both
 * must print nothing extra and exit 0; the table shows what they cost, and the class-load counts
 * show which archives the JVM really mapped.
 *
 * <p>The variants alternate within each round, so drift in the machine's load hits all alike; two
 * unmeasured rounds warm the file cache first.
 *
 * <p>Usage: {@code StartupTime DIST_DIR WORK_DIR [RUNS [OTHER_JAVA_HOME]]} (RUNS defaults to 10).
 * Exits 1 when a run fails or prints to standard error.
 */
public final class StartupTime {
  private static final int WARM_UP_ROUNDS = 2;

  private StartupTime() {}

  /** One way of starting the program: a command and the environment it runs with. */
  private record Variant(String name, List<String> command, Map<String, String> environment) {}

  /** The goals of issue 11: median wall time of each command at most this many bare JVMs. */
  private static final Map<String, Double> GOALS = new LinkedHashMap<>();

  static {
    GOALS.put("plugins", 5.0);
    GOALS.put("validate", 8.0);
    GOALS.put("auth-test", 12.0);
  }

  /**
   * The flags the launcher gives the short commands ({@code -Xmx512m -XX:+UseSerialGC
   * -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1}), without its AppCDS archive, which holds the
   * program's classes: the floor the goals are against.
   */
  private static final String BARE_JVM = "bare JVM (java -version)";

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: StartupTime DIST_DIR WORK_DIR [RUNS [OTHER_JAVA_HOME]]");
    }
    Path dist = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Optional<Path> otherJdk =
        args.length > 3 && Files.isExecutable(Path.of(args[3], "bin", "java"))
            ? Optional.of(Path.of(args[3]))
            : Optional.empty();
    Files.createDirectories(work);
    Path archive = dist.resolve("lib/import-runner.jsa");
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(archive + " is missing: the build makes it at package time");
    }
    Path copy = work.resolve("dist-elsewhere");
    deleteRecursively(copy);
    copyRecursively(dist, copy);

    try (Sink sink = new Sink(2)) {
      Path connector = work.resolve("startup-connector.json");
      Files.writeString(connector, connectorJson(sink.tokenUrl()), StandardCharsets.UTF_8);
      String launcher = dist.resolve("bin/import-runner").toString();
      List<String> plugins = List.of(launcher, "plugins");
      List<String> authTest = List.of(launcher, "auth-test", connector.toString());
      List<String> validate = List.of(launcher, "validate", connector.toString());
      String java = System.getProperty("java.home") + "/bin/java";
      List<String> bareJvm =
          List.of(
              java,
              "-Xmx512m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-XX:CICompilerCount=1",
              "-version");
      Map<String, String> shipped = environment("on", null);
      Map<String, String> off = environment("off", null);

      System.out.printf(
          Locale.ROOT,
          "archive: %s, %.1f MB, made by the build at %s%n",
          dist.relativize(archive),
          Files.size(archive) / 1e6,
          Instant.ofEpochMilli(Files.getLastModifiedTime(archive).toMillis()));
      System.out.println(
          "classes loaded by auth-test, by source: "
              + classSources(authTest, shipped)
              + "; with IMPORT_RUNNER_CDS=off: "
              + classSources(authTest, off));

      List<Variant> variants = new ArrayList<>();
      variants.add(new Variant(BARE_JVM, bareJvm, shipped));
      variants.add(new Variant("validate", validate, shipped));
      variants.add(new Variant("validate, CDS=off", validate, off));
      variants.add(new Variant("plugins", plugins, shipped));
      variants.add(new Variant("plugins, CDS=off", plugins, off));
      variants.add(new Variant("auth-test", authTest, shipped));
      variants.add(new Variant("auth-test, CDS=off", authTest, off));
      List<String> movedPlugins = List.of(copy.resolve("bin/import-runner").toString(), "plugins");
      variants.add(new Variant("plugins, dist copied elsewhere", movedPlugins, shipped));
      if (otherJdk.isPresent()) {
        String home = otherJdk.get().toString();
        variants.add(new Variant("plugins, other JDK", plugins, environment("on", home)));
        variants.add(new Variant("plugins, other JDK, CDS=off", plugins, environment("off", home)));
      }

      Map<String, List<Double>> times = new LinkedHashMap<>();
      variants.forEach(v -> times.put(v.name(), new ArrayList<>()));
      Map<String, String> firstStdout = new HashMap<>();
      for (int round = -WARM_UP_ROUNDS; round < runs; round++) {
        for (Variant variant : variants) {
          Timed timed = time(variant);
          firstStdout.putIfAbsent(variant.name(), timed.stdout());
          if (round >= 0) {
            times.get(variant.name()).add(timed.millis());
          }
        }
      }

      System.out.printf(
          Locale.ROOT,
          "%n%d runs each, wall ms per whole process%n%-32s %8s %8s %8s %8s %8s%n",
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
                  "%-32s %8.0f %8.0f %8.0f %8.0f %8.0f%n",
                  name,
                  mean(values),
                  median(values),
                  values.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
                  values.stream().mapToDouble(d -> d).max().orElse(Double.NaN),
                  stdev(values)));
      for (String command : List.of("plugins", "validate", "auth-test")) {
        double with = median(times.get(command));
        double without = median(times.get(command + ", CDS=off"));
        System.out.printf(
            Locale.ROOT,
            "%s: shipped archive median %.0f ms vs %.0f ms with IMPORT_RUNNER_CDS=off: %.0f%%"
                + " less%n",
            command,
            with,
            without,
            100 * (without - with) / without);
      }

      System.out.printf(
          Locale.ROOT,
          "%ndist copied to another directory: plugins median %.0f ms (shipped in place %.0f,"
              + " CDS=off %.0f); nothing on stderr; same output: %s; classes by source: %s%n",
          median(times.get("plugins, dist copied elsewhere")),
          median(times.get("plugins")),
          median(times.get("plugins, CDS=off")),
          // `plugins` names the directory it lists: the same output up to that path.
          firstStdout
              .get("plugins, dist copied elsewhere")
              .replace(copy.toRealPath().toString(), dist.toRealPath().toString())
              .equals(firstStdout.get("plugins")),
          classSources(movedPlugins, shipped));
      if (otherJdk.isPresent()) {
        String home = otherJdk.get().toString();
        System.out.printf(
            Locale.ROOT,
            "other JDK (JAVA_HOME=%s, %s): plugins median %.0f ms with the archive flag, %.0f ms"
                + " with IMPORT_RUNNER_CDS=off; nothing on stderr; same output: %s%n"
                + "  classes by source with the archive flag: %s; with CDS=off: %s%n",
            home,
            javaVersion(otherJdk.get()),
            median(times.get("plugins, other JDK")),
            median(times.get("plugins, other JDK, CDS=off")),
            firstStdout.get("plugins, other JDK").equals(firstStdout.get("plugins")),
            classSources(plugins, environment("on", home)),
            classSources(plugins, environment("off", home)));
      } else {
        System.out.println("other JDK: skipped (none given)");
      }
      double floor = median(times.get(BARE_JVM));
      System.out.printf(
          Locale.ROOT,
          "%nbare JVM, %s, median %.0f ms; load average %s%n",
          String.join(" ", bareJvm.subList(1, bareJvm.size())),
          floor,
          loadAverage());
      GOALS.forEach(
          (command, target) -> {
            double ratio = median(times.get(command)) / floor;
            System.out.printf(
                Locale.ROOT,
                "goal: %s start-up (median wall time / bare JVM) | figure: %.1fx | target: <= %.0fx"
                    + " | %s%n",
                command,
                ratio,
                target,
                ratio <= target ? "met" : "missed");
          });
    } finally {
      deleteRecursively(copy);
    }
  }

  /** The 1-, 5- and 15-minute load averages, or "?" where /proc is not there. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /**
   * The launcher's inputs, all set so the caller's own environment cannot leak in: no {@code
   * JAVA_OPTS}, the archive on or off, and {@code JAVA_HOME} when given.
   */
  private static Map<String, String> environment(String cds, String javaHome) {
    Map<String, String> environment = new HashMap<>();
    environment.put("JAVA_OPTS", "");
    environment.put("IMPORT_RUNNER_CDS", cds);
    if (javaHome != null) {
      environment.put("JAVA_HOME", javaHome);
    }
    return environment;
  }

  private record Timed(double millis, String stdout) {}

  /**
   * Runs {@code variant} to its end; its wall time in ms and its standard output. A run that exits
   * with another code than 0 or writes anything to standard error fails the benchmark: the launcher
   * promises that an archive that does not fit is ignored silently.
   */
  private static Timed time(Variant variant) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(variant.command());
    builder.environment().putAll(variant.environment());
    long start = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    // Both streams are small (a few lines); read stderr on its own thread so neither can block.
    StreamReader stderr = new StreamReader(process.getErrorStream());
    stderr.start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    double millis = (System.nanoTime() - start) / 1e6;
    stderr.join();
    // auth-test announces its token call on stderr ("Calling POST http://…"); anything else there
    // (a JVM warning about the archive, say) breaks the launcher's promise of silence.
    String unexpected =
        stderr.text().lines().filter(line -> !line.startsWith("Calling ")).collect(joining("\n"));
    if (exit != 0 || (!unexpected.isEmpty() && !variant.name().equals(BARE_JVM))) {
      throw new IllegalStateException(
          variant.name()
              + " exited "
              + exit
              + (unexpected.isEmpty() ? "" : " and printed on stderr: " + unexpected));
    }
    return new Timed(millis, stdout);
  }

  private static final class StreamReader extends Thread {
    private final InputStream in;
    private volatile String text = "";

    StreamReader(InputStream in) {
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        text = "(unreadable: " + e.getMessage() + ")";
      }
    }

    String text() {
      return text;
    }
  }

  /**
   * How many classes {@code command} loads from the base archive (the distribution's static one
   * when the launcher uses it, else the JDK's own), from the dynamic archive on top and from jars,
   * by {@code -Xlog:class+load} (given in {@code JAVA_OPTS}, after the launcher's own flags); also
   * how many of the plugin's, which its own class loader loads.
   */
  private static String classSources(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    builder.environment().put("JAVA_OPTS", "-Xlog:class+load=info");
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
    List<String> plugin = lines.stream().filter(StartupTime::isPluginClass).toList();
    long pluginShared = plugin.stream().filter(l -> l.contains("shared objects file")).count();
    return String.format(
        Locale.ROOT,
        "%d classes, %d from the base CDS archive (ours when used, else the JDK's), %d from the"
            + " dynamic archive on top, %d from jars or jrt"
            + " (plugin side %d, %d of them from the archive)",
        lines.size(),
        base,
        top,
        lines.size() - base - top,
        plugin.size(),
        pluginShared);
  }

  private static boolean isPluginClass(String line) {
    return line.contains("plugins/custom-auth/")
        || line.contains(" io.customauth.plugin.")
        || line.contains(" org.hibernate.");
  }

  private static String javaVersion(Path javaHome) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-version")
            .redirectErrorStream(true)
            .start();
    String first =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .findFirst()
            .orElse("?");
    process.waitFor();
    return first;
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(
            path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
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
