package io.customauth.runner.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback upload endpoint whose answers a test scripts. It deduplicates on Idempotency-Key and
 * counts every record it accepted, so "exactly once" is checkable.
 */
final class ScriptedSink implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the script sees it. */
  record Call(
      int number, String key, int attemptOfKey, Headers headers, String path, String query) {}

  /** What to do with a request. */
  record Action(Kind kind, int status, Map<String, String> headers) {
    enum Kind {
      ACCEPT,
      ANSWER,
      DROP,
      ACCEPT_THEN_DROP
    }

    static Action accept() {
      return new Action(Kind.ACCEPT, 200, Map.of());
    }

    static Action answer(int status) {
      return new Action(Kind.ANSWER, status, Map.of());
    }

    static Action answer(int status, Map<String, String> headers) {
      return new Action(Kind.ANSWER, status, headers);
    }

    /** Closes the connection without processing or answering. */
    static Action drop() {
      return new Action(Kind.DROP, 0, Map.of());
    }

    /** Processes the batch, then closes the connection before answering. */
    static Action acceptThenDrop() {
      return new Action(Kind.ACCEPT_THEN_DROP, 0, Map.of());
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger calls = new AtomicInteger();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final Map<String, List<JsonNode>> accepted = new ConcurrentHashMap<>();
  private final List<Call> log = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private volatile Function<Call, Action> script = call -> Action.accept();

  ScriptedSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  void script(Function<Call, Action> newScript) {
    script = newScript;
  }

  /** {@code http://127.0.0.1:port/v1/projects/{project}/records}. */
  String urlTemplate() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/projects/{project}/records";
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Call> calls() {
    return List.copyOf(log);
  }

  List<String> bodies() {
    return List.copyOf(bodies);
  }

  /** Records accepted, counted once per Idempotency-Key. */
  int uniqueRecords() {
    return accepted.values().stream().mapToInt(List::size).sum();
  }

  /** The "id" field of every accepted record, once per key, sorted. */
  List<String> acceptedIds() {
    List<String> ids = new ArrayList<>();
    accepted.values().forEach(records -> records.forEach(r -> ids.add(r.path("id").asText())));
    Collections.sort(ids);
    return ids;
  }

  java.util.Set<String> acceptedKeys() {
    return java.util.Set.copyOf(accepted.keySet());
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    int attempt =
        key == null ? 0 : attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    Call call =
        new Call(
            calls.incrementAndGet(),
            key,
            attempt,
            exchange.getRequestHeaders(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery());
    log.add(call);
    bodies.add(new String(body, StandardCharsets.UTF_8));
    Action action = script.apply(call);
    switch (action.kind()) {
      case ACCEPT -> {
        process(key, exchange.getRequestHeaders().getFirst("Content-Type"), body);
        respond(exchange, 200, Map.of());
      }
      case ANSWER -> respond(exchange, action.status(), action.headers());
      case DROP -> exchange.close();
      case ACCEPT_THEN_DROP -> {
        process(key, exchange.getRequestHeaders().getFirst("Content-Type"), body);
        exchange.close();
      }
    }
  }

  private void process(String key, String contentType, byte[] body) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    if (contentType != null && contentType.startsWith("application/x-ndjson")) {
      for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          records.add(JSON.readTree(line));
        }
      }
    } else {
      JSON.readTree(body).forEach(records::add);
    }
    accepted.putIfAbsent(key, records);
  }

  private static void respond(HttpExchange exchange, int status, Map<String, String> headers)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    byte[] bytes = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
