package io.customauth.plugin.custom.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What may go into an upload request's headers, as {@code io.customauth.spi.OutgoingRequest}
 * documents: which names the runner reserves and which characters a value may hold.
 */
public final class HeaderRules {
  private HeaderRules() {}

  /** Headers the runner sets on every upload, or that frame the message or the connection. */
  private static final List<String> RESERVED =
      List.of(
          "Idempotency-Key",
          "X-Import-Id",
          "Host",
          "Transfer-Encoding",
          "Connection",
          "Expect",
          "Upgrade",
          "TE",
          "Trailer",
          "Keep-Alive");

  /** Families of reserved headers, by prefix. */
  private static final List<String> RESERVED_PREFIXES = List.of("Content-", "Proxy-");

  /**
   * The reserved header (or family, as {@code Content-*}) that {@code name} is, compared without
   * regard to case; empty when {@code name} is free to use.
   */
  public static Optional<String> reserved(String name) {
    for (String reserved : RESERVED) {
      if (reserved.equalsIgnoreCase(name)) {
        return Optional.of(reserved);
      }
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (String prefix : RESERVED_PREFIXES) {
      if (lower.startsWith(prefix.toLowerCase(Locale.ROOT))) {
        return Optional.of(prefix + "*");
      }
    }
    return Optional.empty();
  }

  /**
   * Why {@code name} may not be set in the token request's {@code headers}, compared without regard
   * to case; empty when it may. These are decided by the URL, the body or {@code basicAuth}: a
   * second value would contradict them, and which one a provider reads is anyone's guess.
   *
   * @param basicAuth whether {@code basicAuth} sets {@code Authorization}
   */
  public static Optional<String> refusedOnTokenRequest(String name, boolean basicAuth) {
    String lower = name.toLowerCase(Locale.ROOT);
    return Optional.ofNullable(
        switch (lower) {
          case "host" -> "names Host, which comes from authenticationUrl";
          case "content-length", "transfer-encoding" ->
              "names " + canonical(lower) + ", which the HTTP client sets for the body it sends";
          case "content-type" ->
              "names Content-Type, which follows from the body: application/x-www-form-urlencoded"
                  + " for requestBody, application/json for jsonBody";
          case "connection" -> "names Connection, which the HTTP client manages";
          case "authorization" ->
              basicAuth
                  ? "names Authorization, which basicAuth sets; keep either the header or"
                      + " basicAuth"
                  : null;
          default -> null;
        });
  }

  private static String canonical(String lower) {
    return lower.equals("content-length") ? "Content-Length" : "Transfer-Encoding";
  }

  /**
   * What the first character of {@code value} that cannot go into a header value is, in words that
   * never show the character itself ("a line break", "a space"...); null when there is none.
   * Visible ASCII ({@code 0x21}-{@code 0x7E}) is always allowed, like OkHttp's {@code
   * Headers.checkValue}, which HTTP clients would otherwise rewrite silently.
   *
   * @param spaces whether a space is allowed (in a prefix such as {@code "Bearer "}, not in a
   *     token)
   */
  public static String firstUnusable(String value, boolean spaces) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x21 && c <= 0x7E || spaces && c == ' ') {
        continue;
      }
      if (c == '\r' || c == '\n') {
        return "a line break";
      }
      if (c == ' ') {
        return "a space";
      }
      if (c < 0x20 || c == 0x7F) {
        return "a control character";
      }
      return "a non-ASCII character";
    }
    return null;
  }
}
