package io.customauth.benchmarks.imports;

import io.customauth.runner.demo.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The imports' input: the demo's sample data (7 columns, a header row, some fields quoted because
 * they hold commas, quotes or line breaks), generated once per row count and kept under {@code
 * benchmarks/target/data}.
 */
final class CsvData {
  private CsvData() {}

  /** {@code dir/records-<rows>.csv}, written first if it is not there yet. */
  static Path ensure(Path dir, long rows) throws IOException {
    Path file = dir.resolve("records-" + rows + ".csv");
    if (Files.isRegularFile(file)) {
      return file;
    }
    Files.createDirectories(dir);
    // Written aside and moved in, so an interrupted run never leaves a short file to be reused.
    Path partial = dir.resolve(file.getFileName() + ".partial");
    long start = System.nanoTime();
    write(partial, rows, 42);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    System.out.printf(
        Locale.ROOT,
        "generated %s: %,d records, %,d bytes, %.1f s%n",
        file,
        rows,
        Files.size(file),
        (System.nanoTime() - start) / 1e9);
    return file;
  }

  /**
   * The demo's sample data (7 columns, some quoted fields); the same {@code seed}, the same bytes.
   */
  static void write(Path file, long rows, long seed) throws IOException {
    SampleData.writeCsv(file, Math.toIntExact(rows), seed);
  }
}
