package io.customauth.runner.imports;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 300 records of 1 MiB each with {@code batchSize} 40, in a JVM with the launcher's {@code
 * -Xmx512m}: batches close at {@code maxBatchBytes} (8 MiB), so the import's memory stays bounded
 * and every record arrives.
 */
class LargeRecordsBoundedHeapTest {
  private static final int RECORDS = 300;
  private static final int RECORD_BYTES = 1024 * 1024;
  private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+),");

  @TempDir Path dir;

  @Test
  void importsThreeHundredOneMegabyteRecordsUnderTheLaunchersHeap() throws Exception {
    Path input = largeRecords(dir.resolve("large.ndjson"));
    Map<String, BitSet> receivedByKey = new ConcurrentHashMap<>();
    ExecutorService executor = Executors.newFixedThreadPool(4);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    server.setExecutor(executor);
    server.createContext("/", exchange -> receive(exchange, receivedByKey));
    server.start();
    try {
      String url =
          "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/projects/{project}/records";
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  BoundedHeapImportMain.class.getName(),
                  dir.resolve("state").toString(),
                  url,
                  ImportFixtures.connectorFile(dir).toString(),
                  input.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("child.log").toFile())
              .start();
      boolean exited = child.waitFor(180, TimeUnit.SECONDS);
      if (!exited) {
        child.destroyForcibly().waitFor();
      }
      String log = Files.readString(dir.resolve("child.log"));

      assertThat(exited).as(log).isTrue();
      assertThat(child.exitValue()).as(log).isZero();
      assertThat(log).contains("\"ok\":true").contains("\"records\":" + RECORDS);
      BitSet all = new BitSet();
      receivedByKey.values().forEach(all::or);
      assertThat(all.cardinality()).isEqualTo(RECORDS);
      assertThat(all.nextClearBit(1)).isEqualTo(RECORDS + 1);
      // 40 records would be a 40 MiB body: batches were closed by bytes instead.
      assertThat(receivedByKey.values())
          .allSatisfy(ids -> assertThat(ids.cardinality()).isLessThanOrEqualTo(7));
    } finally {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  /** {"id":n,"pad":"xxx…"} of exactly 1 MiB, one per line. */
  private static Path largeRecords(Path file) throws IOException {
    byte[] pad = "x".repeat(RECORD_BYTES).getBytes(UTF_8);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      for (int id = 1; id <= RECORDS; id++) {
        byte[] head = ("{\"id\":" + id + ",\"pad\":\"").getBytes(UTF_8);
        out.write(head);
        out.write(pad, 0, RECORD_BYTES - head.length - 2);
        out.write("\"}\n".getBytes(UTF_8));
      }
    }
    return file;
  }

  /** Reads the NDJSON body line by line, keeping only each record's id, once per key. */
  private static void receive(HttpExchange exchange, Map<String, BitSet> receivedByKey)
      throws IOException {
    BitSet ids = new BitSet();
    try (InputStream body = exchange.getRequestBody()) {
      byte[] head = new byte[32];
      int headLength = 0;
      boolean lineStart = true;
      // 300 MiB pass through here: read in blocks, not a byte per call, and look at each line's
      // first 32 bytes only, skipping the rest of the line to its end.
      byte[] block = new byte[1 << 16];
      int read;
      while ((read = body.read(block)) >= 0) {
        int at = 0;
        while (at < read) {
          if (lineStart) {
            byte b = block[at++];
            head[headLength++] = b;
            if (headLength == head.length) {
              Matcher matcher = ID.matcher(new String(head, UTF_8));
              if (matcher.find()) {
                ids.set(Integer.parseInt(matcher.group(1)));
              }
              lineStart = false;
            }
            if (b == '\n') {
              lineStart = true;
              headLength = 0;
            }
          } else {
            while (at < read && block[at] != '\n') {
              at++;
            }
            if (at < read) {
              at++; // the line break
              lineStart = true;
              headLength = 0;
            }
          }
        }
      }
    }
    receivedByKey.putIfAbsent(exchange.getRequestHeaders().getFirst("Idempotency-Key"), ids);
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }
}
