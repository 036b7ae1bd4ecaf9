package io.customauth.runner.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/** A token provider on loopback whose answer each test chooses. Counts requests per path. */
final class TokenEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final AtomicReference<HttpHandler> handler = new AtomicReference<>();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final AtomicInteger otherRequests = new AtomicInteger();
  private final AtomicReference<String> lastBody = new AtomicReference<>("");

  private TokenEndpoint(HttpServer server) {
    this.server = server;
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/token")) {
              otherRequests.incrementAndGet();
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            tokenRequests.incrementAndGet();
            lastBody.set(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
            handler.get().handle(exchange);
          } catch (IOException e) {
            // The client may hang up on a large or refused answer; that is what some tests do.
          }
        });
    server.setExecutor(executor);
    server.start();
  }

  static TokenEndpoint http() throws IOException {
    return new TokenEndpoint(HttpServer.create(loopback(), 0));
  }

  static TokenEndpoint https(SSLContext context) throws IOException {
    HttpsServer server = HttpsServer.create(loopback(), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    return new TokenEndpoint(server);
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  TokenEndpoint answering(HttpHandler answer) {
    handler.set(answer);
    return this;
  }

  TokenEndpoint answering(int status, String contentType, String body) {
    return answering(exchange -> respond(exchange, status, contentType, body));
  }

  static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  String url(String scheme) {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  String baseUrl(String scheme) {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  int tokenRequests() {
    return tokenRequests.get();
  }

  int otherRequests() {
    return otherRequests.get();
  }

  String lastBody() {
    return lastBody.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
