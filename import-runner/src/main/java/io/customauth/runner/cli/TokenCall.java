package io.customauth.runner.cli;

import io.customauth.runner.connector.ConnectorDefinition;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code auth-test} says it calls before it waits: {@code Calling POST
 * https://auth.example.com:443/oauth/token (up to 3 attempts, 30 s each)…}. The runner does not
 * know a plugin's config, so it reads the {@code custom} plugin's fields as written ({@code
 * method}, {@code authenticationUrl}, {@code maxAttempts}, {@code timeoutSeconds}, with that
 * plugin's defaults) and says less for any other type. Never shows a query, user info or a resolved
 * reference: a URL with a reference is shown as written, up to its query.
 */
final class TokenCall {
  static final int DEFAULT_ATTEMPTS = 3;
  static final int DEFAULT_TIMEOUT_SECONDS = 30;

  private TokenCall() {}

  static String describe(ConnectorDefinition connector) {
    return describe(connector.type(), connector.auth());
  }

  static String describe(String type, Map<String, Object> auth) {
    if (!type.equals("custom") || !(auth.get("authenticationUrl") instanceof String url)) {
      return "Fetching a token with plugin '" + type + "'…";
    }
    String method =
        auth.get("method") instanceof String text ? text.toUpperCase(Locale.ROOT) : "POST";
    String attempts = whole(auth.get("maxAttempts"), DEFAULT_ATTEMPTS);
    return "Calling "
        + method
        + " "
        + shown(url)
        + (attempts.equals("1") ? " (1 attempt, " : " (up to " + attempts + " attempts, ")
        + whole(auth.get("timeoutSeconds"), DEFAULT_TIMEOUT_SECONDS)
        + (attempts.equals("1") ? " s)…" : " s each)…");
  }

  /** Scheme, host, port and path; the port the scheme implies when none is written. */
  static String shown(String url) {
    if (!url.contains("${")) {
      try {
        URI uri = new URI(url);
        if (uri.getScheme() != null && uri.getHost() != null) {
          String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
          int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("http") ? 80 : 443;
          return scheme + "://" + uri.getHost() + ":" + port + uri.getRawPath();
        }
      } catch (URISyntaxException e) {
        // shown as written below, without its query
      }
    }
    return withoutQueryAndUserInfo(url);
  }

  private static String withoutQueryAndUserInfo(String url) {
    int end = url.length();
    for (char c : new char[] {'?', '#'}) {
      int at = url.indexOf(c);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String text = url.substring(0, end);
    int authority = text.indexOf("://");
    if (authority < 0) {
      return text;
    }
    int start = authority + 3;
    int slash = text.indexOf('/', start);
    int authorityEnd = slash < 0 ? text.length() : slash;
    int at = text.lastIndexOf('@', authorityEnd - 1);
    return at >= start ? text.substring(0, start) + text.substring(at + 1) : text;
  }

  private static String whole(Object value, int fallback) {
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
    }
    if (value instanceof String text && text.matches("\\d{1,9}")) {
      return text;
    }
    return Integer.toString(fallback);
  }
}
