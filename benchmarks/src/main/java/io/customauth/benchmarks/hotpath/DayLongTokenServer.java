package io.customauth.benchmarks.hotpath;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The token endpoint our strategy calls in the hot-path benchmark: on loopback, it answers every
 * request with {@link Tokens#TOKEN}, valid for a day, and counts the requests, so a trial can prove
 * the endpoint was never called while measuring.
 */
final class DayLongTokenServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger requests = new AtomicInteger();

  DayLongTokenServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    executor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "day-long-token-server");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/token", this::issue);
    server.start();
  }

  /** The token URL, {@code http://127.0.0.1:<port>/token}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  /** Requests answered so far. */
  int requests() {
    return requests.get();
  }

  private void issue(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      body.readAllBytes();
      requests.incrementAndGet();
      byte[] answer =
          ("{\"access_token\":\""
                  + Tokens.TOKEN
                  + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                  + Tokens.LIFETIME.toSeconds()
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
