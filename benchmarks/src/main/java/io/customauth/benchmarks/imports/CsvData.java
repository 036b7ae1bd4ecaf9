package io.customauth.benchmarks.imports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The imports' input: a CSV of customers shaped like the demo's sample data (7 columns, a header
 * row, some fields quoted because they hold commas, quotes or line breaks), generated once per row
 * count and kept under {@code benchmarks/target/data}.
 */
final class CsvData {
  private static final String[] FIRST = {
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Linus"
  };
  private static final String[] LAST = {
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton"
  };
  private static final String[] CITIES = {
    "Lisbon", "Oslo", "Austin", "Kyoto", "Nairobi", "Lima", "Perth", "Montréal", "Zürich"
  };

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

  /** The same {@code seed} gives the same bytes. */
  static void write(Path file, long rows, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    LocalDate firstDay = LocalDate.of(2020, 1, 1);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("id,name,email,city,amount,signed_up,note\r\n");
      for (long i = 1; i <= rows; i++) {
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        out.write(Long.toString(i));
        out.write(',');
        out.write(quote(last + ", " + first));
        out.write(',');
        out.write(first.toLowerCase(Locale.ROOT) + "." + i + "@example.com");
        out.write(',');
        out.write(CITIES[random.nextInt(CITIES.length)]);
        out.write(',');
        out.write(
            String.format(Locale.ROOT, "%d.%02d", random.nextInt(10_000), random.nextInt(100)));
        out.write(',');
        out.write(firstDay.plusDays(random.nextInt(1_800)).toString());
        out.write(',');
        int kind = random.nextInt(20);
        out.write(
            kind == 0
                ? quote("says \"hello\"")
                : kind == 1 ? quote("two\nlines") : kind == 2 ? "" : "ok");
        out.write("\r\n");
      }
    }
  }

  private static String quote(String value) {
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
