package io.customauth.runner.imports.upload;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * What an auth strategy puts on one upload request, collected before the request exists. The
 * headers the runner sets itself are reserved: a strategy's value for one of them is dropped (and
 * reported by {@link #droppedHeaders()}), and the runner's own headers are set last, so nothing a
 * plugin writes replaces them. One thread prepares one request; not thread-safe.
 */
final class StrategyRequest implements io.customauth.spi.OutgoingRequest {
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

  // Header names are case-insensitive: a second setHeader of "authorization" replaces the first.
  private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final List<Map.Entry<String, String>> query = new ArrayList<>();
  private final Set<String> dropped = new LinkedHashSet<>();

  /**
   * Whether the runner sets {@code name} itself: {@code Idempotency-Key}, {@code X-Import-Id},
   * {@code Host}, any {@code Content-*}, the hop-by-hop and framing headers, any {@code Proxy-*}.
   */
  static boolean isReserved(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return RESERVED.contains(lower) || lower.startsWith("content-") || lower.startsWith("proxy-");
  }

  /**
   * @throws IllegalArgumentException when {@code name} is not an HTTP token or {@code value} holds
   *     a character other than visible ASCII, space and tab; neither is quoted
   */
  @Override
  public void setHeader(String name, String value) {
    requireNonNull(name, "name");
    requireNonNull(value, "value");
    if (name.isEmpty() || !name.chars().allMatch(StrategyRequest::isTokenChar)) {
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
      dropped.add(name);
      return;
    }
    headers.put(name, value);
  }

  @Override
  public void addQueryParameter(String name, String value) {
    query.add(Map.entry(requireNonNull(name, "name"), requireNonNull(value, "value")));
  }

  /** Names of reserved headers the strategy tried to set, as it spelled them. */
  Set<String> droppedHeaders() {
    return Set.copyOf(dropped);
  }

  /** The URI with the strategy's query parameters. */
  URI uri(URI base) {
    return UploadUrl.withQueryParameters(base, query);
  }

  /**
   * The request: the strategy's headers, then the runner's, which win. {@code Content-Type} comes
   * from the entity; {@code Content-Length}, {@code Host} and {@code Connection} from the client.
   */
  HttpUriRequestBase build(
      URI uri,
      String method,
      byte[] body,
      ContentType contentType,
      String idempotencyKey,
      String importId) {
    HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
    headers.forEach(request::setHeader);
    request.setEntity(new ByteArrayEntity(body, contentType));
    request.setHeader("Idempotency-Key", idempotencyKey);
    request.setHeader("X-Import-Id", importId);
    return request;
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
