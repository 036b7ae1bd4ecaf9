package io.customauth.runner.tokenstore;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where the token store is: {@code redis://[user:password@]host:port[/db]}, or {@code rediss://}
 * for TLS. Holds the password, so {@link #toString()} and {@link #redacted()} never show it.
 *
 * @param url as the user gave it, for the Redis client only
 */
public record StoreAddress(String url) {
  public StoreAddress {
    requireNonNull(url, "url");
  }

  /**
   * Checks {@code url} without ever quoting it whole, since it may hold a password.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static StoreAddress parse(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "is not a URL; expected redis://[user:password@]host:port[/db] or rediss://…");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
      throw new IllegalArgumentException(
          "must start with redis:// or rediss:// (TLS), e.g. redis://127.0.0.1:6379/0");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("names no host, e.g. redis://127.0.0.1:6379/0");
    }
    if (uri.getPort() > 65535) {
      throw new IllegalArgumentException("has a port over 65535, e.g. redis://127.0.0.1:6379/0");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (!path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,2}")) {
      throw new IllegalArgumentException("names no database number after the host, e.g. /0");
    }
    return new StoreAddress(url.strip());
  }

  /** {@code scheme://[user:***@]host:port/db}: for messages. */
  public String redacted() {
    try {
      URI uri = new URI(url);
      String user = uri.getUserInfo() == null ? "" : user(uri.getUserInfo()) + "***@";
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      String path = uri.getPath() == null ? "" : uri.getPath();
      return uri.getScheme() + "://" + user + uri.getHost() + port + path;
    } catch (URISyntaxException e) {
      return "[unreadable URL]";
    }
  }

  private static String user(String userInfo) {
    int colon = userInfo.indexOf(':');
    // redis://:password@host has no user; redis://password@host would be all password.
    return colon < 0 ? "" : userInfo.substring(0, colon) + ":";
  }

  /** The host's name, to tell the user which store; never the password. */
  public Optional<String> host() {
    try {
      return Optional.ofNullable(new URI(url).getHost());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "StoreAddress[" + redacted() + "]";
  }
}
