package io.customauth.runner.demo;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.tokenstore.StoreSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code demo --workers N}: N runner processes import the sample data at once, each as its own
 * import, through the demo's one provider; with a token store they share its tokens (PRODUCT.md
 * section 8), and the provider's count of tokens issued shows it. Each worker's summary and
 * messages go to {@code worker-<i>.json} and {@code worker-<i>.err} in the demo directory.
 */
public final class DemoWorkers {
  /** A garbage collector's selection, such as the launcher's {@code -XX:+UseSerialGC}. */
  private static final Pattern COLLECTOR = Pattern.compile("-XX:[+-]Use[A-Za-z0-9]*GC");

  /** Environment variables of the parent that a worker must not inherit. */
  private static final List<String> STORE_VARIABLES =
      List.of("IMPORT_RUNNER_TOKEN_STORE", "IMPORT_RUNNER_TOKEN_STORE_SECRET");

  /**
   * How it went.
   *
   * @param exitCodes each worker's, in order
   * @param providerRecords unique records the provider counted, all workers together
   * @param tokensIssued tokens the provider handed out
   */
  public record Outcome(List<Integer> exitCodes, long providerRecords, long tokensIssued) {
    public Outcome {
      exitCodes = List.copyOf(exitCodes);
    }

    public boolean succeeded(long expectedRecords) {
      return exitCodes.stream().allMatch(code -> code == 0) && providerRecords == expectedRecords;
    }
  }

  private DemoWorkers() {}

  /**
   * Starts the workers, waits for them (at most {@code patience}, then kills those left), and
   * counts.
   *
   * @param pluginsDirectory the workers' {@code --plugins-dir}
   * @param store the token store they share, passed through their environment, never their command
   *     line (which any user of the machine can read)
   */
  public static Outcome run(
      Demo demo,
      int workers,
      Path pluginsDirectory,
      Optional<StoreSettings> store,
      Duration patience)
      throws IOException {
    requireNonNull(store, "store");
    List<Process> processes = new ArrayList<>();
    try {
      for (int i = 1; i <= workers; i++) {
        processes.add(start(demo, i, pluginsDirectory, store));
      }
      List<Integer> exitCodes = new ArrayList<>();
      long deadline = System.nanoTime() + patience.toNanos();
      for (Process process : processes) {
        long left = Math.max(0, deadline - System.nanoTime());
        exitCodes.add(
            process.waitFor(left, TimeUnit.NANOSECONDS) ? process.exitValue() : killed(process));
      }
      return new Outcome(
          exitCodes, demo.provider().recordsReceived(), demo.provider().tokensIssued());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the workers", e);
    } finally {
      processes.forEach(Process::destroyForcibly); // only those still running
    }
  }

  private static int killed(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    return -1;
  }

  private static Process start(
      Demo demo, int worker, Path pluginsDirectory, Optional<StoreSettings> store)
      throws IOException {
    Path directory = demo.directory();
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(workerJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    Optional.ofNullable(System.getProperty("import-runner.home"))
        .ifPresent(home -> command.add("-Dimport-runner.home=" + home));
    command.add("-Dimport-runner.stderr-tty=false");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.customauth.runner.cli.ImportRunnerCommand");
    command.addAll(
        List.of(
            "import",
            "--plugins-dir",
            pluginsDirectory.toString(),
            demo.connectorFile().toString(),
            "--project",
            Demo.PROJECT_ID,
            demo.dataFile().toString(),
            "--state-dir",
            directory.resolve("worker-" + worker).resolve(".import-state").toString(),
            "--json",
            "--progress",
            "plain"));
    Files.createDirectories(directory.resolve("worker-" + worker));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectOutput(directory.resolve("worker-" + worker + ".json").toFile())
            .redirectError(directory.resolve("worker-" + worker + ".err").toFile());
    Map<String, String> environment = builder.environment();
    STORE_VARIABLES.forEach(environment::remove);
    store.ifPresent(
        settings -> {
          environment.put(STORE_VARIABLES.get(0), settings.address().url());
          environment.put(STORE_VARIABLES.get(1), settings.secret());
        });
    return builder.start();
  }

  /**
   * The options of this JVM that a worker's JVM takes too, so that a worker runs as the launcher
   * runs an import: the heap bound ({@code -Xmx}, the launcher's and any from {@code JAVA_OPTS}, in
   * their order, so the last still wins), the garbage collector's selection ({@code
   * -XX:+UseSerialGC} from the launcher, or the user's), the launcher's C2 thresholds ({@code
   * -XX:Tier4...}) and the distribution's class-data sharing archives with their logging switched
   * off (the worker's class path is this JVM's, as the archives require). Nothing else: agents,
   * recordings or other options given to the parent stay with it.
   *
   * @param parentOptions this JVM's input arguments, in order
   * @return the ones to pass on, in the same order; never null
   */
  static List<String> workerJvmOptions(List<String> parentOptions) {
    return parentOptions.stream()
        .filter(
            option ->
                option.startsWith("-Xmx")
                    || option.startsWith("-XX:SharedArchiveFile=")
                    || COLLECTOR.matcher(option).matches()
                    || option.startsWith("-XX:Tier4")
                    || option.startsWith("-Xlog:cds"))
        .toList();
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
