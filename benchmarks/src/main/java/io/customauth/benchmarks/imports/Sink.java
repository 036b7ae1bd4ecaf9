package io.customauth.benchmarks.imports;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The far side of every import benchmark, on loopback: a token endpoint and an upload endpoint that
 * accepts only a currently valid token, counts the records of each JSON-array body and answers 200
 * with no body.
 *
 * <ul>
 *   <li>{@code POST|GET /token?lifetime=S}: a new token valid for {@code S} seconds (default 5), as
 *       {@code {"access_token":…,"expires_in":S}}.
 *   <li>{@code POST /v1/projects/{project}/records}: 401 unless {@code Authorization} is {@code
 *       Bearer} and a token this server issued that has not expired; otherwise the records (the
 *       array's top-level objects, counted while streaming the body, never parsed into objects) are
 *       counted and 200 is answered.
 * </ul>
 */
public final class Sink implements AutoCloseable {
  static final String PROJECT = "bench";
  private static final String BEARER = "Bearer ";

  private final HttpServer server;
  private final ExecutorService executor;

  /** Every token issued, and when it expires ({@link System#nanoTime()}). */
  private final Map<String, Long> expiries = new ConcurrentHashMap<>();

  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong uploads = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  /** What the sink has seen so far; differences of two snapshots describe one run. */
  record Stats(long records, long uploads, long rejected, int tokensIssued, long cpuNanos) {
    Stats minus(Stats before) {
      return new Stats(
          records - before.records,
          uploads - before.uploads,
          rejected - before.rejected,
          tokensIssued - before.tokensIssued,
          cpuNanos - before.cpuNanos);
    }
  }

  public Sink(int threads) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    AtomicInteger counter = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "sink-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/token", this::issue);
    server.createContext("/v1/projects/", this::receive);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String tokenUrl() {
    return baseUrl() + "/token";
  }

  /** The upload URL template a connector names, with {@code {project}}. */
  String uploadUrlTemplate() {
    return baseUrl() + "/v1/projects/{project}/records";
  }

  String uploadUrl() {
    return baseUrl() + "/v1/projects/" + PROJECT + "/records";
  }

  /** Issues a token directly, for the clients that use a fixed one. */
  String issueToken(long lifetimeSeconds) {
    String token =
        "sink-token-" + tokensIssued.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    expiries.put(token, System.nanoTime() + lifetimeSeconds * 1_000_000_000L);
    return token;
  }

  Stats stats() {
    return new Stats(
        records.get(), uploads.get(), rejected.get(), tokensIssued.get(), processCpuNanos());
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private void issue(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      body.readAllBytes();
      long lifetime = lifetimeSeconds(exchange.getRequestURI().getRawQuery());
      byte[] answer =
          ("{\"access_token\":\""
                  + issueToken(lifetime)
                  + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                  + lifetime
                  + "}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  private static long lifetimeSeconds(String query) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("lifetime=")) {
          return Long.parseLong(pair.substring("lifetime=".length()));
        }
      }
    }
    return 5;
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      if (!validToken(exchange.getRequestHeaders().getFirst("Authorization"))) {
        body.readAllBytes();
        rejected.incrementAndGet();
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      long count = countTopLevelObjects(body);
      records.addAndGet(count);
      uploads.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private boolean validToken(String authorization) {
    if (authorization == null || !authorization.startsWith(BEARER)) {
      return false;
    }
    Long expiresAt = expiries.get(authorization.substring(BEARER.length()));
    return expiresAt != null && System.nanoTime() - expiresAt < 0;
  }

  /**
   * The objects directly inside the body's top-level array, found by one pass over the bytes that
   * tracks nesting and skips strings (escapes included).
   */
  static long countTopLevelObjects(InputStream body) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    long objects = 0;
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    int read;
    while ((read = body.read(buffer)) != -1) {
      for (int i = 0; i < read; i++) {
        byte b = buffer[i];
        if (inString) {
          if (escaped) {
            escaped = false;
          } else if (b == '\\') {
            escaped = true;
          } else if (b == '"') {
            inString = false;
          }
        } else if (b == '"') {
          inString = true;
        } else if (b == '{' || b == '[') {
          if (b == '{' && depth == 1) {
            objects++;
          }
          depth++;
        } else if (b == '}' || b == ']') {
          depth--;
        }
      }
    }
    return objects;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
