package io.customauth.benchmarks.imports;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * Part 3's baseline, run as its own process: the same CSV records read with Jackson's CSV reader,
 * batched and POSTed as JSON arrays (the body format of our {@code json} uploads) on plain
 * HttpClient 5 classic, with a fixed {@code Authorization} header: no plugin, no token cache, no
 * journal, no retries. A reader thread fills batches; {@code concurrency} threads send them, with
 * at most twice that many batches read ahead, as our import does.
 *
 * <p>Usage: {@code PlainUploader FILE URL BATCH_SIZE CONCURRENCY}, the token in the environment
 * variable {@code BENCH_TOKEN}. Prints one JSON line: records, batches and duration.
 */
public final class PlainUploader {
  private PlainUploader() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: PlainUploader FILE URL BATCH_SIZE CONCURRENCY");
    }
    Path file = Path.of(args[0]);
    String url = args[1];
    int batchSize = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);
    String authorization = "Bearer " + System.getenv("BENCH_TOKEN");
    long start = System.nanoTime();

    ObjectMapper json = new ObjectMapper();
    AtomicLong records = new AtomicLong();
    AtomicLong batches = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Semaphore window = new Semaphore(concurrency * 2);
    ExecutorService senders = Executors.newFixedThreadPool(concurrency);
    try (CloseableHttpClient client =
            HttpClients.custom()
                .setConnectionManager(
                    PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(concurrency)
                        .setMaxConnPerRoute(concurrency)
                        .build())
                .build();
        MappingIterator<Map<String, String>> rows =
            new CsvMapper()
                .readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(file.toFile())) {
      List<Map<String, String>> batch = new ArrayList<>(batchSize);
      while (failure.get() == null && rows.hasNextValue()) {
        batch.add(rows.nextValue());
        if (batch.size() == batchSize || !rows.hasNextValue()) {
          List<Map<String, String>> full = batch;
          batch = new ArrayList<>(batchSize);
          window.acquire();
          senders.execute(
              () -> {
                try {
                  HttpPost post = new HttpPost(url);
                  post.setHeader("Authorization", authorization);
                  post.setEntity(
                      new ByteArrayEntity(
                          json.writeValueAsBytes(full), ContentType.APPLICATION_JSON));
                  int status = client.execute(post, response -> response.getCode());
                  if (status / 100 != 2) {
                    throw new IllegalStateException("the sink answered HTTP " + status);
                  }
                  records.addAndGet(full.size());
                  batches.incrementAndGet();
                } catch (IOException e) {
                  failure.compareAndSet(null, new UncheckedIOException(e));
                } catch (RuntimeException e) {
                  failure.compareAndSet(null, e);
                } finally {
                  window.release();
                }
              });
        }
      }
      senders.shutdown();
      if (!senders.awaitTermination(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("uploads did not finish in 10 minutes");
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    System.out.printf(
        "{\"records\":%d,\"batches\":%d,\"durationMs\":%d}%n",
        records.get(), batches.get(), (System.nanoTime() - start) / 1_000_000);
  }
}
