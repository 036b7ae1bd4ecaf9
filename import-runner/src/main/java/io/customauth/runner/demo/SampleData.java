package io.customauth.runner.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The demo's bundled data set, generated rather than shipped: a CSV of customers with a header row,
 * some fields quoted because they hold commas, quotes or line breaks (RFC 4180).
 */
public final class SampleData {
  public static final int DEFAULT_ROWS = 120_000;

  private static final String[] FIRST = {
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Linus"
  };
  private static final String[] LAST = {
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton"
  };
  private static final String[] CITIES = {
    "Lisbon", "Oslo", "Austin", "Kyoto", "Nairobi", "Lima", "Perth", "Montréal", "Zürich"
  };

  private SampleData() {}

  /**
   * Writes {@code rows} records (plus the header) to {@code file}; the same {@code seed} gives the
   * same bytes.
   */
  public static void writeCsv(Path file, int rows, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    LocalDate firstDay = LocalDate.of(2020, 1, 1);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("id,name,email,city,amount,signed_up,note\r\n");
      for (int i = 1; i <= rows; i++) {
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        out.write(Integer.toString(i));
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
