package io.customauth.benchmarks.refresh;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token endpoint on loopback that issues a new token, valid for a fixed number of seconds, per
 * request, and remembers when each request arrived.
 */
final class TokenServer implements AutoCloseable {
  /** More requests than any sane run makes; later ones are counted but not timed. */
  private static final int MAX_TIMED_REQUESTS = 100_000;

  private final HttpServer server;
  private final ExecutorService executor;
  private final int lifetimeSeconds;
  private final AtomicInteger requests = new AtomicInteger();
  private final long[] arrivalNanos = new long[MAX_TIMED_REQUESTS];

  TokenServer(int lifetimeSeconds) throws IOException {
    this.lifetimeSeconds = lifetimeSeconds;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/token", this::issue);
    server.start();
  }

  URI uri() {
    return URI.create(
        "http://"
            + server.getAddress().getHostString()
            + ":"
            + server.getAddress().getPort()
            + "/token");
  }

  /** Requests answered so far. */
  int requests() {
    return requests.get();
  }

  /** When the requests numbered {@code from} (inclusive) to {@code to} (exclusive) arrived. */
  long[] arrivals(int from, int to) {
    return Arrays.copyOfRange(
        arrivalNanos, Math.min(from, MAX_TIMED_REQUESTS), Math.min(to, MAX_TIMED_REQUESTS));
  }

  private void issue(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      body.readAllBytes();
      int number = requests.getAndIncrement();
      if (number < MAX_TIMED_REQUESTS) {
        arrivalNanos[number] = now;
      }
      byte[] answer =
          ("{\"access_token\":\"token-"
                  + number
                  + "-"
                  + Long.toHexString(now)
                  + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                  + lifetimeSeconds
                  + "}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
