package io.customauth.spi.testkit;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.OutgoingRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An {@link OutgoingRequest} that a test hands to {@link io.customauth.spi.AuthStrategy#apply},
 * with the host's rules: it shows method, URI, headers and body (SPI 1.1), refuses a header name
 * that is not an RFC 9110 token and a value with a character other than visible ASCII and spaces
 * (throwing {@link IllegalArgumentException}, as the host does), and records, instead of setting, a
 * reserved header ({@link #reservedHeadersTried()}), which the host would drop. Like the host's, it
 * carries {@code Content-Type}, {@code Idempotency-Key} and {@code X-Import-Id} headers of its own.
 * Not thread-safe: one request per thread, as in the host.
 */
public final class RecordingRequest implements OutgoingRequest {
  private static final Set<String> RESERVED =
      Set.of(
          "idempotency-key",
          "x-import-id",
          "host",
          "transfer-encoding",
          "connection",
          "expect",
          "upgrade",
          "te",
          "trailer",
          "keep-alive");

  private final String method;
  private final URI base;
  private final byte[] body;
  private final Map<String, List<String>> own = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, List<String>> set = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final List<Map.Entry<String, String>> query = new ArrayList<>();
  private final Set<String> reservedTried = new LinkedHashSet<>();

  /**
   * @param body sent as it is; empty for a request without a body
   */
  public RecordingRequest(String method, URI uri, byte[] body) {
    this.method = requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    this.base = requireNonNull(uri, "uri");
    this.body = requireNonNull(body, "body").clone();
    own.put("Content-Type", List.of("application/json"));
    own.put("Idempotency-Key", List.of("test-idempotency-key"));
    own.put("X-Import-Id", List.of("imp-test"));
  }

  /** A POST of a small JSON array to {@code https://api.example.com/v1/projects/p1/records}. */
  public static RecordingRequest upload() {
    return new RecordingRequest(
        "POST",
        URI.create("https://api.example.com/v1/projects/p1/records"),
        "[{\"id\":1},{\"id\":2}]".getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void setHeader(String name, String value) {
    if (accepted(name, value)) {
      set.put(name, new ArrayList<>(List.of(value)));
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (accepted(name, value)) {
      set.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
  }

  @Override
  public void addQueryParameter(String name, String value) {
    query.add(Map.entry(requireNonNull(name, "name"), requireNonNull(value, "value")));
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public URI uri() {
    if (query.isEmpty()) {
      return base;
    }
    StringBuilder text = new StringBuilder(base.toString());
    text.append(base.getRawQuery() == null ? '?' : '&');
    for (int i = 0; i < query.size(); i++) {
      text.append(i == 0 ? "" : "&")
          .append(encode(query.get(i).getKey()))
          .append('=')
          .append(encode(query.get(i).getValue()));
    }
    return URI.create(text.toString());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public Map<String, List<String>> headers() {
    Map<String, List<String>> view = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    set.forEach((name, values) -> view.put(name, List.copyOf(values)));
    view.putAll(own);
    return Collections.unmodifiableMap(view);
  }

  @Override
  public Optional<ByteBuffer> body() {
    return body.length == 0
        ? Optional.empty()
        : Optional.of(ByteBuffer.wrap(body).asReadOnlyBuffer());
  }

  /** The headers the strategy set or added (not the request's own), each with its values. */
  public Map<String, List<String>> headersSet() {
    Map<String, List<String>> view = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    set.forEach((name, values) -> view.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(view);
  }

  /** The query parameters the strategy added, in order. */
  public List<Map.Entry<String, String>> queryParametersAdded() {
    return List.copyOf(query);
  }

  /** Reserved headers the strategy tried to set; the host would have dropped them. */
  public Set<String> reservedHeadersTried() {
    return Collections.unmodifiableSet(reservedTried);
  }

  /** Whether the host sets {@code name} itself, so that a strategy's value would be dropped. */
  public static boolean isReserved(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return RESERVED.contains(lower) || lower.startsWith("content-") || lower.startsWith("proxy-");
  }

  private boolean accepted(String name, String value) {
    requireNonNull(name, "name");
    requireNonNull(value, "value");
    if (name.isEmpty() || !name.chars().allMatch(RecordingRequest::isTokenChar)) {
      throw new IllegalArgumentException("a header name must be an HTTP token (RFC 9110)");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c == ' ' || c == '\t' || (c > 0x20 && c < 0x7f))) {
        throw new IllegalArgumentException(
            "the value of header "
                + name
                + " has a character that cannot be sent in a header, at position "
                + (i + 1));
      }
    }
    if (isReserved(name)) {
      reservedTried.add(name);
      return false;
    }
    return true;
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** Method and header names only: values and the URI may hold secrets. */
  @Override
  public String toString() {
    return "RecordingRequest[" + method + ", headers set " + set.keySet() + "]";
  }
}
