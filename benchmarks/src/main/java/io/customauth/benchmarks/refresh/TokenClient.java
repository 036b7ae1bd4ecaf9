package io.customauth.benchmarks.refresh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * One token exchange with the {@link TokenServer}, for google-auth (ours makes its own, through the
 * plugin's HTTP client, to the same server). Marks the calling thread when it is a {@link Caller},
 * which shows which callers had to run a token request themselves.
 */
final class TokenClient {
  record Issued(String token, Instant obtainedAt, Instant expiresAt) {
    @Override
    public String toString() {
      return "Issued[token=[REDACTED], expiresAt=" + expiresAt + "]";
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI endpoint;

  TokenClient(URI endpoint) {
    this.endpoint = endpoint;
  }

  URI endpoint() {
    return endpoint;
  }

  /** Marks the calling thread, when it is a {@link Caller}, as having run a token request. */
  static void markCaller() {
    if (Thread.currentThread() instanceof Caller caller) {
      caller.ranTokenRequest = true;
    }
  }

  Issued fetch() {
    markCaller();
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("token request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the token request", e);
    }
    Instant obtainedAt = Instant.now();
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token endpoint answered " + response.statusCode());
    }
    String body = response.body();
    return new Issued(
        stringField(body, "access_token"),
        obtainedAt,
        obtainedAt.plusSeconds(Long.parseLong(numberField(body, "expires_in"))));
  }

  /** The server's answer is fixed and flat; a JSON parser would only add noise to the timing. */
  private static String stringField(String json, String key) {
    int start = json.indexOf("\"" + key + "\":\"") + key.length() + 4;
    return json.substring(start, json.indexOf('"', start));
  }

  private static String numberField(String json, String key) {
    int start = json.indexOf("\"" + key + "\":") + key.length() + 3;
    int end = start;
    while (end < json.length() && Character.isDigit(json.charAt(end))) {
      end++;
    }
    return json.substring(start, end);
  }
}
