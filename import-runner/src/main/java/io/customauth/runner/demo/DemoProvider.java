package io.customauth.runner.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider to import into, on loopback, for {@code import-runner demo}: a token endpoint with a
 * custom response shape and short-lived tokens, and an upload endpoint that checks the token on
 * every request and deduplicates on {@code Idempotency-Key}.
 *
 * <p>Token endpoint: {@code POST /oauth/token} with a form body {@code client_id}, {@code
 * client_secret}; answers {@code {"auth":{"client_token":"…","lease":{"expires_at":"<ISO>"}}}}.
 * Upload endpoint: {@code POST|PUT /v1/projects/{project}/records} with a JSON array or NDJSON
 * body; 401 for a missing, unknown or expired token.
 */
public final class DemoProvider implements AutoCloseable {
  public static final String TOKEN_PATH = "/oauth/token";
  private static final String UPLOAD_PREFIX = "/v1/projects/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String clientId;
  private final byte[] clientSecret;
  private final Duration tokenLifetime;
  private final Duration uploadDelay;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService executor;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Map<String, Integer> batches = new ConcurrentHashMap<>();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong tokensIssued = new AtomicLong();
  private final AtomicLong uploads = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong refusedTokens = new AtomicLong();

  /**
   * Starts the provider on 127.0.0.1 and a free port.
   *
   * @param uploadDelay how long each upload takes to "process", so the demo lasts long enough to
   *     show the progress bar and a few token refreshes
   */
  public DemoProvider(
      String clientId,
      String clientSecret,
      Duration tokenLifetime,
      Duration uploadDelay,
      Clock clock)
      throws IOException {
    this.clientId = requireNonNull(clientId, "clientId");
    this.clientSecret = clientSecret.getBytes(StandardCharsets.UTF_8);
    this.tokenLifetime = requireNonNull(tokenLifetime, "tokenLifetime");
    this.uploadDelay = requireNonNull(uploadDelay, "uploadDelay");
    this.clock = requireNonNull(clock, "clock");
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    this.executor =
        Executors.newFixedThreadPool(
            8,
            runnable -> {
              Thread thread = new Thread(runnable, "demo-provider");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext(TOKEN_PATH, this::token);
    server.createContext(UPLOAD_PREFIX, this::upload);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public URI tokenUri() {
    return baseUri().resolve(TOKEN_PATH);
  }

  /** The upload URL template with {@code {project}} left in, as a connector file holds it. */
  public String uploadUrlTemplate() {
    return baseUri() + UPLOAD_PREFIX + "{project}/records";
  }

  /** Unique records received: batches sent again with a known key are not counted twice. */
  public long recordsReceived() {
    return records.get();
  }

  public long tokensIssued() {
    return tokensIssued.get();
  }

  /** Upload requests answered, duplicates and refusals included. */
  public long uploadRequests() {
    return uploads.get();
  }

  public long duplicateBatches() {
    return duplicates.get();
  }

  /** Uploads refused with 401 because their token was missing, unknown or expired. */
  public long refusedTokens() {
    return refusedTokens.get();
  }

  /** Forgets every token issued so far, as a provider does when credentials are revoked. */
  public void revokeTokens() {
    tokens.clear();
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "{\"error\":\"use POST\"}");
        return;
      }
      Map<String, String> form = parseForm(readBody(exchange.getRequestBody()));
      boolean idOk = clientId.equals(form.get("client_id"));
      String secret = form.getOrDefault("client_secret", "");
      boolean secretOk =
          MessageDigest.isEqual(clientSecret, secret.getBytes(StandardCharsets.UTF_8));
      if (!idOk || !secretOk) {
        respond(exchange, 401, "{\"error\":\"invalid_client\"}");
        return;
      }
      byte[] raw = new byte[24];
      random.nextBytes(raw);
      String token = "demo_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      Instant now = clock.instant();
      Instant expiresAt = now.plus(tokenLifetime);
      tokens.values().removeIf(expiry -> !expiry.isAfter(now));
      tokens.put(token, expiresAt);
      tokensIssued.incrementAndGet();
      ObjectNode body = JSON.createObjectNode();
      ObjectNode auth = body.putObject("auth");
      auth.put("client_token", token);
      auth.putObject("lease").put("expires_at", expiresAt.toString());
      respond(exchange, 200, JSON.writeValueAsString(body));
    }
  }

  private void upload(HttpExchange exchange) throws IOException {
    try (exchange) {
      uploads.incrementAndGet();
      String method = exchange.getRequestMethod();
      if (!"POST".equals(method) && !"PUT".equals(method)) {
        respond(exchange, 405, "{\"error\":\"use POST or PUT\"}");
        return;
      }
      byte[] body = readBody(exchange.getRequestBody());
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      String token =
          authorization != null && authorization.startsWith("Bearer ")
              ? authorization.substring("Bearer ".length())
              : "";
      Instant expiry = tokens.get(token);
      if (expiry == null || !expiry.isAfter(clock.instant())) {
        refusedTokens.incrementAndGet();
        respond(exchange, 401, "{\"error\":\"invalid_token\"}");
        return;
      }
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      if (key == null || key.isBlank()) {
        respond(exchange, 400, "{\"error\":\"Idempotency-Key is required\"}");
        return;
      }
      int count;
      try {
        count = countRecords(exchange.getRequestHeaders().getFirst("Content-Type"), body);
      } catch (IOException e) {
        respond(exchange, 400, "{\"error\":\"the body is not a JSON array or NDJSON\"}");
        return;
      }
      sleep(uploadDelay);
      if (batches.putIfAbsent(key, count) == null) {
        records.addAndGet(count);
      } else {
        duplicates.incrementAndGet();
      }
      respond(exchange, 200, "{\"accepted\":" + count + "}");
    }
  }

  static int countRecords(String contentType, byte[] body) throws IOException {
    if (contentType != null && contentType.startsWith("application/x-ndjson")) {
      int count = 0;
      for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          JSON.readTree(line);
          count++;
        }
      }
      return count;
    }
    JsonNode array = JSON.readTree(body);
    if (array == null || !array.isArray()) {
      throw new IOException("not an array");
    }
    return array.size();
  }

  private static void sleep(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] readBody(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private static Map<String, String> parseForm(byte[] body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      form.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return form;
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
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
