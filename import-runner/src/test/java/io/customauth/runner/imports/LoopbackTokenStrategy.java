package io.customauth.runner.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.spi.AuthException;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.OutgoingRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only strategy that fetches tokens in the demo provider's shape from a loopback token
 * endpoint, and refreshes at half of the token's life (as the custom plugin does for short tokens).
 */
final class LoopbackTokenStrategy implements AuthStrategy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI tokenUri;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger fetches = new AtomicInteger();
  private final java.util.List<String> tokensSeen =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Credential current;

  LoopbackTokenStrategy(URI tokenUri, String clientId, String clientSecret, Clock clock) {
    this.tokenUri = tokenUri;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "test-loopback";
  }

  @Override
  public synchronized Credential credential() {
    Credential credential = current;
    if (credential == null || !clock.instant().isBefore(credential.refreshAt())) {
      credential = fetch();
      current = credential;
    }
    return credential;
  }

  private Credential fetch() {
    String form =
        "client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(tokenUri)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new AuthException(
            ErrorCode.INVALID_CREDENTIALS, "token endpoint answered " + response.statusCode());
      }
      JsonNode auth = JSON.readTree(response.body()).path("auth");
      Instant issuedAt = clock.instant();
      Instant expiresAt = Instant.parse(auth.path("lease").path("expires_at").asText());
      Instant refreshAt = issuedAt.plus(Duration.between(issuedAt, expiresAt).dividedBy(2));
      fetches.incrementAndGet();
      String token = auth.path("client_token").asText();
      tokensSeen.add(token);
      return new Credential(token, expiresAt, refreshAt);
    } catch (IOException e) {
      throw new AuthException(ErrorCode.ENDPOINT_UNAVAILABLE, "token endpoint unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuthException(ErrorCode.ENDPOINT_UNAVAILABLE, "interrupted", e);
    }
  }

  @Override
  public void apply(Credential credential, OutgoingRequest request) {
    request.setHeader("Authorization", "Bearer " + credential.token());
  }

  @Override
  public synchronized void rejected(Credential credential) {
    if (current == credential) {
      current = null;
    }
  }

  /** Every token obtained, for tests that check none of them leaks. */
  java.util.List<String> tokensSeen() {
    return java.util.List.copyOf(tokensSeen);
  }

  int fetches() {
    return fetches.get();
  }

  @Override
  public void close() {}
}
