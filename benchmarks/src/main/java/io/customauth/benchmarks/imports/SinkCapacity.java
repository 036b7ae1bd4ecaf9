package io.customauth.benchmarks.imports;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * How many records per second the {@link Sink} absorbs when nothing else limits it: a trivial
 * client in the sink's own process sends one pre-built body of the first 500 records of the file,
 * again and again, from {@code concurrency} threads. The client shares the CPU with the sink, so
 * this is a lower bound of the sink's capacity.
 */
final class SinkCapacity {
  private SinkCapacity() {}

  record Result(long records, double seconds, Sink.Stats sink) {
    double recordsPerSecond() {
      return records / seconds;
    }
  }

  static Result measure(Sink sink, Path csv, int concurrency, double seconds) throws Exception {
    byte[] body = firstBatch(csv, 500);
    String authorization = "Bearer " + sink.issueToken(86_400);
    AtomicLong records = new AtomicLong();
    ExecutorService senders = Executors.newFixedThreadPool(concurrency);
    try (CloseableHttpClient client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(concurrency)
                    .setMaxConnPerRoute(concurrency)
                    .build())
            .build()) {
      // A short warm-up, so the sink's code is compiled before it is timed.
      send(client, sink.uploadUrl(), authorization, body, System.nanoTime() + 2_000_000_000L);
      Sink.Stats before = sink.stats();
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      List<Future<Long>> done = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        done.add(senders.submit(() -> send(client, sink.uploadUrl(), authorization, body, end)));
      }
      for (Future<Long> future : done) {
        records.addAndGet(future.get());
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      return new Result(records.get(), elapsed, sink.stats().minus(before));
    } finally {
      senders.shutdownNow();
    }
  }

  /** Sends {@code body} until {@code endNanos}; the records the sink acknowledged. */
  private static long send(
      CloseableHttpClient client, String url, String authorization, byte[] body, long endNanos)
      throws IOException {
    long records = 0;
    while (System.nanoTime() - endNanos < 0) {
      HttpPost post = new HttpPost(url);
      post.setHeader("Authorization", authorization);
      post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
      int status = client.execute(post, response -> response.getCode());
      if (status != 200) {
        throw new IllegalStateException("the sink answered HTTP " + status);
      }
      records += 500;
    }
    return records;
  }

  private static byte[] firstBatch(Path csv, int size) throws IOException {
    List<Map<String, String>> batch = new ArrayList<>(size);
    try (MappingIterator<Map<String, String>> rows =
        new CsvMapper()
            .readerFor(Map.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(csv.toFile())) {
      while (batch.size() < size && rows.hasNextValue()) {
        batch.add(rows.nextValue());
      }
    }
    return new ObjectMapper().writeValueAsBytes(batch);
  }
}
