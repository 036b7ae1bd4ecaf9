package io.customauth.runner.imports.upload;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The connector's upload URL: its template rules, its expansion for one project, and the query
 * parameters an auth strategy adds. Stateless.
 */
public final class UploadUrl {
  /** Where the project id goes: in the URL's path only. */
  public static final String PLACEHOLDER = "{project}";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UploadUrl() {}

  /**
   * Why {@code template} breaks the placeholder rule, or empty: {@code {project}} may stand only in
   * the URL's path, never in its scheme, host, port, query or fragment, so a project id can neither
   * choose the host that receives the token nor add query parameters. The message is meant for
   * {@code upload.url: <message>} and never quotes the URL.
   */
  public static Optional<String> templateProblem(String template) {
    int pathStart = pathStart(template);
    int pathEnd = firstOf(template, pathStart, "?#");
    for (int at = template.indexOf(PLACEHOLDER);
        at >= 0;
        at = template.indexOf(PLACEHOLDER, at + 1)) {
      if (at < pathStart || at + PLACEHOLDER.length() > pathEnd) {
        return Optional.of(
            PLACEHOLDER
                + " may only stand in the URL's path, not in its host, port, query or fragment");
      }
    }
    return Optional.empty();
  }

  /**
   * Why {@code projectId} cannot be a project id, or empty. A project id is one path segment: it
   * must not be empty, {@code .} or {@code ..} (servers and proxies resolve those to another
   * resource, even when percent-encoded), nor hold control characters. The message names the rule
   * and never quotes a control character.
   */
  public static Optional<String> projectIdProblem(String projectId) {
    if (projectId.isEmpty()) {
      return Optional.of("the project id must not be empty");
    }
    if (projectId.equals(".") || projectId.equals("..")) {
      return Optional.of(
          "the project id must not be '.' or '..': as a path segment it names another resource");
    }
    for (int i = 0; i < projectId.length(); ) {
      int c = projectId.codePointAt(i);
      if (Character.isISOControl(c)) {
        return Optional.of(
            String.format(
                Locale.ROOT,
                "the project id must not contain control characters (U+%04X at position %d)",
                c,
                i + 1));
      }
      i += Character.charCount(c);
    }
    return Optional.empty();
  }

  /**
   * {@code template} with every {@code {project}} replaced by {@code projectId} percent-encoded as
   * one path segment: only RFC 3986 unreserved characters stay as they are, so a space becomes
   * {@code %20} and a slash {@code %2F}.
   *
   * @throws IllegalArgumentException naming the rule when the template puts {@code {project}}
   *     outside the path ({@link #templateProblem}), the project id is refused ({@link
   *     #projectIdProblem}), or the result is not an absolute http(s) URI; the message never quotes
   *     the URL
   */
  public static URI expand(String template, String projectId) {
    templateProblem(template)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    projectIdProblem(projectId)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    String expanded = template.replace(PLACEHOLDER, encodeSegment(projectId));
    URI uri;
    try {
      uri = new URI(expanded);
    } catch (URISyntaxException e) {
      // No cause: its message quotes the URL.
      throw new IllegalArgumentException(
          "the upload URL is not a valid URI (at character " + (e.getIndex() + 1) + ")");
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException("the upload URL must be absolute, with a host");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("the upload URL must be http or https");
    }
    return uri;
  }

  /**
   * {@code base} with {@code parameters} appended to its query, in order, after any query it
   * already has; its fragment is dropped (it is never sent). Names and values are encoded as the
   * custom plugin encodes its token URL's query: UTF-8 form encoding, except that a space is {@code
   * %20}, since only form decoders read {@code +} as a space; a literal {@code +} is {@code %2B}.
   */
  public static URI withQueryParameters(URI base, List<Map.Entry<String, String>> parameters) {
    String raw = base.toString();
    int hash = raw.indexOf('#');
    StringBuilder out = new StringBuilder(hash < 0 ? raw : raw.substring(0, hash));
    if (parameters.isEmpty()) {
      return URI.create(out.toString());
    }
    char last = out.charAt(out.length() - 1);
    if (out.indexOf("?") < 0) {
      out.append('?');
    } else if (last != '?' && last != '&') {
      out.append('&');
    }
    boolean first = true;
    for (Map.Entry<String, String> parameter : parameters) {
      if (!first) {
        out.append('&');
      }
      first = false;
      out.append(encodeQuery(parameter.getKey()))
          .append('=')
          .append(encodeQuery(parameter.getValue()));
    }
    // Only percent-encoded and unreserved characters were appended to a valid URI.
    return URI.create(out.toString());
  }

  static String encodeQuery(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
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

  /** Where the path starts: after {@code scheme://authority}, or after {@code scheme:}. */
  private static int pathStart(String template) {
    int schemeEnd = template.indexOf(':');
    int slashes = template.indexOf("//");
    if (schemeEnd >= 0 && slashes == schemeEnd + 1) {
      return firstOf(template, slashes + 2, "/?#");
    }
    return schemeEnd < 0 ? 0 : schemeEnd + 1;
  }

  private static int firstOf(String text, int from, String characters) {
    for (int i = from; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }
}
