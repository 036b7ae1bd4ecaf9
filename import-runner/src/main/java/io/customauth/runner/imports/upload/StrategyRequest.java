package io.customauth.runner.imports.upload;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.OutgoingRequest;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * One upload request as an auth strategy sees and changes it: method, URI, the runner's headers and
 * the body are known before the strategy runs, so that it can sign them. The headers the runner
 * sets itself are reserved: a strategy's value for one of them is dropped (and reported by {@link
 * #droppedHeaders()}), and the runner's own headers are set last, so nothing a plugin writes
 * replaces them. One thread prepares one request; not thread-safe.
 */
final class StrategyRequest implements OutgoingRequest {
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

  private final URI base;
  private final String method;
  private final byte[] body;
  private final ContentType contentType;
  private final String idempotencyKey;
  private final String importId;

  // Header names are case-insensitive: a second setHeader of "authorization" replaces the first.
  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final List<Map.Entry<String, String>> query = new ArrayList<>();
  private final Set<String> dropped = new LinkedHashSet<>();

  /**
   * @param base the upload URI before the strategy's query parameters
   * @param body sent as it is; never copied, so the caller must not change it
   */
  StrategyRequest(
      URI base,
      String method,
      byte[] body,
      ContentType contentType,
      String idempotencyKey,
      String importId) {
    this.base = requireNonNull(base, "base");
    this.method = requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    this.body = requireNonNull(body, "body");
    this.contentType = requireNonNull(contentType, "contentType");
    this.idempotencyKey = requireNonNull(idempotencyKey, "idempotencyKey");
    this.importId = requireNonNull(importId, "importId");
  }

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
    if (accepted(name, value)) {
      headers.put(name, new ArrayList<>(List.of(value)));
    }
  }

  /** {@link #setHeader}'s rules; the value is added to those the header has. */
  @Override
  public void addHeader(String name, String value) {
    if (accepted(name, value)) {
      headers.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
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

  /** The URI with the strategy's query parameters so far, as it will be sent. */
  @Override
  public URI uri() {
    return UploadUrl.withQueryParameters(base, query);
  }

  /** The runner's {@code Content-Type}, {@code Idempotency-Key} and {@code X-Import-Id}, too. */
  @Override
  public Map<String, List<String>> headers() {
    Map<String, List<String>> view = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> view.put(name, List.copyOf(values)));
    view.put("Content-Type", List.of(contentType.toString()));
    view.put("Idempotency-Key", List.of(idempotencyKey));
    view.put("X-Import-Id", List.of(importId));
    return Collections.unmodifiableMap(view);
  }

  /** A read-only view of the body the request sends: no copy. */
  @Override
  public Optional<ByteBuffer> body() {
    return Optional.of(ByteBuffer.wrap(body).asReadOnlyBuffer());
  }

  /** Names of reserved headers the strategy tried to set, as it spelled them. */
  Set<String> droppedHeaders() {
    return Set.copyOf(dropped);
  }

  /**
   * The request to {@code uri} (this request's {@link #uri()}): the strategy's headers, then the
   * runner's, which win. {@code Content-Type} comes from the entity; {@code Content-Length}, {@code
   * Host} and {@code Connection} from the client.
   */
  HttpUriRequestBase build(URI uri) {
    HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
    headers.forEach((name, values) -> values.forEach(value -> request.addHeader(name, value)));
    request.setEntity(new ByteArrayEntity(body, contentType));
    request.setHeader("Idempotency-Key", idempotencyKey);
    request.setHeader("X-Import-Id", importId);
    return request;
  }

  private boolean accepted(String name, String value) {
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
}
