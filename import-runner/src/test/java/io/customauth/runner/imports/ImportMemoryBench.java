package io.customauth.runner.imports;

import io.customauth.runner.demo.DemoProvider;
import io.customauth.runner.demo.SampleData;
import io.customauth.spi.Connector;
import io.customauth.spi.UploadTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Not a test: imports a generated CSV of N rows into the demo provider on loopback and prints the
 * process's peak resident memory, for {@code benchmarks/import-memory.sh}.
 *
 * <p>Arguments: rows, work directory.
 */
public final class ImportMemoryBench {
  private ImportMemoryBench() {}

  public static void main(String[] args) throws Exception {
    int rows = Integer.parseInt(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]));
    Path data = work.resolve("bench-" + rows + ".csv");
    SampleData.writeCsv(data, rows, 42);
    Path connectorFile = Files.writeString(work.resolve("bench-connector.json"), "{}");
    try (DemoProvider provider =
        new DemoProvider(
            "bench", "secret", Duration.ofHours(1), Duration.ZERO, Clock.systemUTC())) {
      LoopbackTokenStrategy auth =
          new LoopbackTokenStrategy(provider.tokenUri(), "bench", "secret", Clock.systemUTC());
      Connector connector =
          new Connector(
              "bench",
              auth,
              Optional.of(
                  new UploadTarget(provider.uploadUrlTemplate(), "POST", "json", 500, 4, 5)));
      long start = System.nanoTime();
      ImportResult result =
          new ImportEngine(ImportOptions.defaults().withStateDir(work.resolve("state")))
              .start(
                  new ImportRequest(connectorFile, "bench", List.of(data)),
                  connector,
                  ImportProgress.NONE);
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "rows=%d fileBytes=%d ok=%s providerRecords=%d seconds=%.1f peakRssKiB=%s maxHeapMiB=%d%n",
          rows,
          Files.size(data),
          result.ok(),
          provider.recordsReceived(),
          millis / 1000.0,
          peakRss(),
          Runtime.getRuntime().maxMemory() / (1024 * 1024));
      Files.delete(data);
      System.exit(result.ok() && provider.recordsReceived() == rows ? 0 : 4);
    }
  }

  /** VmHWM from /proc/self/status: the peak resident set, in KiB (Linux only). */
  private static String peakRss() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(line -> line.startsWith("VmHWM:"))
          .map(line -> line.replaceAll("[^0-9]", ""))
          .findFirst()
          .orElse("n/a");
    } catch (java.io.IOException e) {
      return "n/a";
    }
  }
}
