package io.customauth.runner.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider on loopback for the command tests: a token endpoint issuing recognisable tokens to the
 * one client secret it knows, and an upload endpoint that refuses tokens it did not issue or has
 * revoked, deduplicates on {@code Idempotency-Key} and remembers the {@code id} of every record it
 * accepted. A test scripts what each upload request gets.
 *
 * <p>Every answer, token and upload alike, echoes the request's secret material (the client secret
 * of a token request, the {@code Authorization} header of an upload) in its body: a runner that
 * printed a response body would leak it, which the secrets test checks.
 */
final class ImportSink implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UPLOAD_PREFIX = "/v1/projects/";

  /** One upload request, as the script sees it; {@code ids} are its records' {@code id} fields. */
  record Call(int number, String key, String token, String project, List<String> ids) {
    Call {
      ids = List.copyOf(ids);
    }
  }

  /** What a script decides for an upload request. */
  @FunctionalInterface
  interface Script {
    /** Returns 0 to process the request (token check, then accept), else the status to answer. */
    int answer(Call call) throws InterruptedException;
  }

  static final int PROCESS = 0;

  private final String clientSecret;
  private final String tokenPrefix;
  private final long tokenLifetimeSeconds;
  private final HttpServer server;
  // Cached, not fixed: a script may hold requests until the test releases them.
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final AtomicInteger uploadCalls = new AtomicInteger();
  private final AtomicInteger refusedTokens = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  private final Map<String, List<String>> accepted = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile Script script = call -> PROCESS;

  /**
   * @param clientSecret the only {@code client_secret} the token endpoint accepts
   * @param tokenPrefix every token is this followed by a sequence number
   * @param tokenLifetimeSeconds the {@code expires_in} of every token
   */
  ImportSink(String clientSecret, String tokenPrefix, long tokenLifetimeSeconds)
      throws IOException {
    this.clientSecret = clientSecret;
    this.tokenPrefix = tokenPrefix;
    this.tokenLifetimeSeconds = tokenLifetimeSeconds;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    server.setExecutor(executor);
    server.createContext("/token", this::token);
    server.createContext(UPLOAD_PREFIX, this::upload);
    server.start();
  }

  void script(Script newScript) {
    script = newScript;
  }

  String tokenUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  String uploadUrlTemplate() {
    return "http://127.0.0.1:"
        + server.getAddress().getPort()
        + UPLOAD_PREFIX
        + "{project}/records";
  }

  /** Forgets every token issued so far, as a provider does when credentials are revoked. */
  void revokeTokens() {
    validTokens.clear();
  }

  int tokensIssued() {
    return tokensIssued.get();
  }

  int refusedTokens() {
    return refusedTokens.get();
  }

  /** Requests for a key that was already accepted: resent batches the key deduplicated. */
  int duplicates() {
    return duplicates.get();
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The {@code id} of every accepted record, once per key, sorted. */
  List<String> acceptedIds() {
    List<String> ids = new ArrayList<>();
    accepted.values().forEach(ids::addAll);
    ids.sort(null);
    return ids;
  }

  /** The accepted batches by {@code Idempotency-Key}, each with its records' ids. */
  Map<String, List<String>> acceptedBatches() {
    return Map.copyOf(accepted);
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      String form = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
      String secret = formValue(form, "client_secret");
      if (!clientSecret.equals(secret)) {
        respond(exchange, 401, Map.of("error", "invalid_client", "echo", secret));
        return;
      }
      String token = tokenPrefix + tokensIssued.incrementAndGet();
      validTokens.add(token);
      respond(exchange, 200, Map.of("access_token", token, "expires_in", tokenLifetimeSeconds));
    }
  }

  private void upload(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      String token =
          authorization != null && authorization.startsWith("Bearer ")
              ? authorization.substring("Bearer ".length())
              : "";
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      String path = exchange.getRequestURI().getRawPath();
      String project = path.substring(UPLOAD_PREFIX.length(), path.lastIndexOf('/'));
      List<String> ids = ids(exchange.getRequestHeaders().getFirst("Content-Type"), body);
      Call call = new Call(uploadCalls.incrementAndGet(), key, token, project, ids);
      calls.add(call);
      Map<String, Object> echo = Map.of("echo", String.valueOf(authorization));
      int status;
      try {
        status = script.answer(call);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // the sink is closing: hang up
      }
      if (status != PROCESS) {
        respond(exchange, status, echo);
        return;
      }
      if (!validTokens.contains(token)) {
        refusedTokens.incrementAndGet();
        respond(exchange, 401, echo);
        return;
      }
      if (key == null || accepted.putIfAbsent(key, ids) != null) {
        duplicates.incrementAndGet();
      }
      respond(exchange, 200, echo);
    }
  }

  private static List<String> ids(String contentType, byte[] body) throws IOException {
    List<String> ids = new ArrayList<>();
    if (contentType != null && contentType.startsWith("application/x-ndjson")) {
      for (String line : new String(body, UTF_8).split("\n")) {
        if (!line.isBlank()) {
          ids.add(JSON.readTree(line).path("id").asText());
        }
      }
    } else {
      for (JsonNode record : JSON.readTree(body)) {
        ids.add(record.path("id").asText());
      }
    }
    return ids;
  }

  private static String formValue(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), UTF_8);
      }
    }
    return "";
  }

  private static void respond(HttpExchange exchange, int status, Map<String, Object> body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
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
