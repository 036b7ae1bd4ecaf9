package io.customauth.runner.connector;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule every URL a connector sends credentials or records to follows: absolute {@code https},
 * or plain {@code http} to a loopback host ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}).
 * Host names other than {@code localhost} are never resolved: the rule is about what is written.
 */
public final class HttpTargets {
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private HttpTargets() {}

  /** Why {@code url} breaks the rule, or empty when it follows it. Never quotes the URL. */
  public static Optional<String> problemWith(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("must be an absolute URL (invalid at index " + e.getIndex() + ")");
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      return Optional.of("must be an absolute URL with a host, e.g. https://api.example.com/");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return Optional.empty();
    }
    if (scheme.equals("http")) {
      return isLoopback(uri.getHost())
          ? Optional.empty()
          : Optional.of("must use https; plain http is allowed only for loopback hosts");
    }
    return Optional.of("must use https (or http on a loopback host)");
  }

  /** {@code localhost}, an IPv4 literal in {@code 127.0.0.0/8}, or the IPv6 literal {@code ::1}. */
  public static boolean isLoopback(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (IPV4_LITERAL.matcher(bare).matches()) {
      String[] octets = bare.split("\\.");
      for (String octet : octets) {
        if (Integer.parseInt(octet) > 255) {
          return false;
        }
      }
      return octets[0].equals("127");
    }
    if (!bare.contains(":")) {
      return false;
    }
    try {
      // With a colon it is an IPv6 literal: parsed, never looked up.
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
