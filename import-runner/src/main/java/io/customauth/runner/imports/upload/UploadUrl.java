package io.customauth.runner.imports.upload;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/** Expands the connector's upload URL template for one project. */
public final class UploadUrl {
  private static final String PLACEHOLDER = "{project}";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UploadUrl() {}

  /**
   * {@code template} with every {@code {project}} replaced by {@code projectId} percent-encoded as
   * one path segment: only RFC 3986 unreserved characters stay as they are, so a space becomes
   * {@code %20} and a slash {@code %2F}.
   *
   * @throws IllegalArgumentException when the result is not an absolute http(s) URI
   */
  public static URI expand(String template, String projectId) {
    String expanded = template.replace(PLACEHOLDER, encodeSegment(projectId));
    try {
      URI uri = new URI(expanded);
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new IllegalArgumentException("the upload URL must be absolute");
      }
      String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("the upload URL must be http or https");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "the upload URL is not a valid URI at index " + e.getIndex(), e);
    }
  }

  static String encodeSegment(String segment) {
    StringBuilder out = new StringBuilder(segment.length() + 8);
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
