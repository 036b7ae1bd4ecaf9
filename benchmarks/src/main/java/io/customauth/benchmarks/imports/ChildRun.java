package io.customauth.benchmarks.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One whole program, run as its own process and timed from outside: wall time from start to exit,
 * and, under GNU {@code /usr/bin/time}, its peak resident set and CPU time.
 */
record ChildRun(
    int exitCode,
    long wallNanos,
    String stdout,
    OptionalLong maxRssKib,
    double userSeconds,
    double systemSeconds) {

  private static final Path GNU_TIME = Path.of("/usr/bin/time");

  static boolean canMeasureRss() {
    return Files.isExecutable(GNU_TIME);
  }

  double wallSeconds() {
    return wallNanos / 1e9;
  }

  double cpuSeconds() {
    return userSeconds + systemSeconds;
  }

  /**
   * Runs {@code command} with {@code environment} added, standard error into {@code log}, and waits
   * for it.
   */
  static ChildRun run(List<String> command, Map<String, String> environment, Path log)
      throws IOException, InterruptedException {
    Path timeFile = Files.createTempFile("child-run", ".time");
    List<String> full = new ArrayList<>();
    boolean timed = canMeasureRss();
    if (timed) {
      full.addAll(List.of(GNU_TIME.toString(), "-f", "%M %U %S", "-o", timeFile.toString()));
    }
    full.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    int exit = process.waitFor();
    long wall = System.nanoTime() - start;
    OptionalLong rss = OptionalLong.empty();
    double user = Double.NaN;
    double system = Double.NaN;
    if (timed) {
      List<String> lines = Files.readAllLines(timeFile);
      // The last line: GNU time writes "Command exited with non-zero status" before it.
      String[] fields = lines.isEmpty() ? new String[0] : lines.get(lines.size() - 1).split(" ");
      if (fields.length == 3) {
        rss = OptionalLong.of(Long.parseLong(fields[0]));
        user = Double.parseDouble(fields[1]);
        system = Double.parseDouble(fields[2]);
      }
    }
    Files.deleteIfExists(timeFile);
    return new ChildRun(exit, wall, new String(out, StandardCharsets.UTF_8), rss, user, system);
  }
}
