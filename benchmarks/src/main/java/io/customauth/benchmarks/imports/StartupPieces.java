package io.customauth.benchmarks.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an import pays before its first upload and the baseline does not, piece by piece, each a
 * whole process timed from outside with the launcher as shipped: a bare JVM, then {@code plugins}
 * (picocli and plugin discovery), {@code validate} (the connector read and checked: Hibernate
 * Validator's bootstrap), {@code auth-test} (the strategy built and the first token exchange), and
 * apart the CRC-32C pass over the input that makes {@code --resume} safe, in a fresh JVM. The
 * variants alternate within each round; one unmeasured round warms the file cache first.
 */
final class StartupPieces {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StartupPieces() {}

  static void measure(ImportRun.Setup setup, int rounds) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String launcher = setup.launcher().toString();
    String connector = setup.connector().toString();
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put("JVM alone (java -Xmx512m -version)", List.of(java, "-Xmx512m", "-version"));
    commands.put("import-runner plugins", List.of(launcher, "plugins"));
    commands.put("import-runner validate CONNECTOR", List.of(launcher, "validate", connector));
    commands.put("import-runner auth-test CONNECTOR", List.of(launcher, "auth-test", connector));
    commands.put(
        "CRC-32C + line sample of the CSV, fresh JVM",
        List.of(
            java,
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            InputDigestTime.class.getName(),
            setup.csv().toString()));
    Map<String, String> environment = Map.of("JAVA_OPTS", "", "IMPORT_RUNNER_CDS", "on");
    Path log = setup.work().resolve("startup-pieces-stderr.log");

    Map<String, List<Double>> wall = new LinkedHashMap<>();
    List<Double> digestInProgram = new ArrayList<>();
    commands.keySet().forEach(name -> wall.put(name, new ArrayList<>()));
    for (int round = -1; round < rounds; round++) {
      for (Map.Entry<String, List<String>> command : commands.entrySet()) {
        ChildRun run = ChildRun.run(command.getValue(), environment, log);
        if (run.exitCode() != 0) {
          throw new IllegalStateException(command.getKey() + " exited " + run.exitCode());
        }
        if (round < 0) {
          continue;
        }
        wall.get(command.getKey()).add(run.wallSeconds() * 1000);
        if (command.getValue().contains(InputDigestTime.class.getName())) {
          digestInProgram.add(
              JSON.readTree(run.stdout().strip()).path("durationMs").asDouble(Double.NaN));
        }
      }
    }

    System.out.printf(
        Locale.ROOT,
        "%nstart-up pieces, the launcher as shipped (AppCDS on), median of %d whole-process runs:%n"
            + "%-44s %9s %9s%n",
        rounds,
        "process",
        "wall ms",
        "+ ms");
    double previous = 0;
    int i = 0;
    for (Map.Entry<String, List<Double>> entry : wall.entrySet()) {
      double median = median(entry.getValue());
      // The first four build on each other; the digest stands alone against the bare JVM.
      boolean chained = i > 0 && i < 4;
      double added = chained ? median - previous : median - median(wall.values().iterator().next());
      System.out.printf(
          Locale.ROOT,
          "%-44s %9.0f %9s%n",
          entry.getKey(),
          median,
          i == 0 ? "" : String.format(Locale.ROOT, "%+.0f", added));
      if (i < 4) {
        previous = median;
      }
      i++;
    }
    System.out.printf(
        Locale.ROOT,
        "CRC-32C pass inside the program: median %.0f ms for %,d MB%n",
        median(digestInProgram),
        Files.size(setup.csv()) / 1_000_000);
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(d -> d).sorted().toArray();
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
