package io.customauth.spi;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's view of a request about to be sent, so that a strategy can put its credential on it
 * without knowing the host's HTTP client. Implementations need not be thread-safe: a request is
 * prepared by one thread, and the view is valid only during the {@link AuthStrategy#apply} (or
 * {@link AuthStrategy#authenticate}) call it is passed to.
 *
 * <p><b>Reading the request</b> (SPI 1.1): {@link #method()}, {@link #uri()}, {@link #headers()},
 * {@link #header(String)} and {@link #body()} show the request as it will be sent, so that a
 * strategy can sign it (an HMAC over method, path, query and body, as many APIs ask). They see what
 * the strategy added so far. A host of SPI 1.0 does not offer them: their defaults throw {@link
 * UnsupportedOperationException}; a plugin that calls them declares {@code Custom-Auth-Spi-Version:
 * 1.1} in its manifest (see {@link SpiVersion}), so that such a host skips it.
 *
 * <p><b>Header names</b> are RFC 9110 tokens (letters, digits and {@code !#$%&'*+-.^_`|~}).
 *
 * <p><b>Header values</b> are visible ASCII ({@code 0x21}-{@code 0x7E}) and spaces: no control
 * characters (CR, LF, tab, DEL), no non-ASCII. HTTP clients do not refuse other characters, they
 * rewrite them (CR and LF as spaces, anything else as {@code ?}), so a credential with such
 * characters would silently become another one. A token itself therefore holds visible ASCII only;
 * a prefix such as {@code "Bearer "} may also hold spaces. The same check as OkHttp's {@code
 * Headers.checkValue}.
 *
 * <p><b>Reserved headers</b> are set by the host on every upload and must not be set by a strategy.
 * Setting one is a contract violation that does not fail the call or the import: the host drops the
 * strategy's value (it never reaches the receiver), logs one warning naming the header and the
 * plugin, and sends its own. The testkit's conformance check fails a strategy that tries. They are
 * {@code Idempotency-Key}, {@code X-Import-Id}, {@code Host}, every {@code Content-*} header,
 * {@code Transfer-Encoding}, {@code Connection}, {@code Expect}, {@code Upgrade}, {@code TE},
 * {@code Trailer}, {@code Keep-Alive} and every {@code Proxy-*} header (names compared without
 * regard to case).
 */
public interface OutgoingRequest {
  /**
   * Sets a header, replacing any header of the same name. The name must not be reserved (a reserved
   * one is dropped with a warning, see above) and the value must follow the rules above.
   *
   * @throws IllegalArgumentException when the name is not a token or the value breaks the rules
   */
  void setHeader(String name, String value);

  /** Adds a query parameter; the host percent-encodes name and value. */
  void addQueryParameter(String name, String value);

  /**
   * Adds a header value, keeping the values the header already has (for headers that may repeat).
   * The same rules as {@link #setHeader}.
   *
   * @throws UnsupportedOperationException on a host of SPI 1.0
   */
  default void addHeader(String name, String value) {
    throw new UnsupportedOperationException("this host (SPI 1.0) cannot add a header value");
  }

  /**
   * The request method in upper case, e.g. {@code POST}.
   *
   * @throws UnsupportedOperationException on a host of SPI 1.0
   */
  default String method() {
    throw new UnsupportedOperationException("this host (SPI 1.0) does not show the request");
  }

  /**
   * The absolute URI the request goes to, with the query parameters added so far (percent-encoded
   * as they will be sent). A secret: never log it.
   *
   * @throws UnsupportedOperationException on a host of SPI 1.0
   */
  default URI uri() {
    throw new UnsupportedOperationException("this host (SPI 1.0) does not show the request");
  }

  /**
   * The headers known when the strategy is called: the host's own (such as {@code Content-Type},
   * {@code Idempotency-Key}, {@code X-Import-Id}) and those the strategy set. Not those the HTTP
   * client adds while sending ({@code Host}, {@code Content-Length}, {@code Connection}). An
   * unmodifiable map whose keys are compared without regard to case, each with its values in order;
   * a snapshot, not updated by later changes.
   *
   * @throws UnsupportedOperationException on a host of SPI 1.0
   */
  default Map<String, List<String>> headers() {
    throw new UnsupportedOperationException("this host (SPI 1.0) does not show the request");
  }

  /**
   * The first value of header {@code name} (compared without regard to case), or empty.
   *
   * @throws UnsupportedOperationException on a host of SPI 1.0
   */
  default Optional<String> header(String name) {
    return headers().entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .flatMap(entry -> entry.getValue().stream())
        .findFirst();
  }

  /**
   * The bytes of the request body exactly as they will be sent, or empty for a request without a
   * body. A read-only buffer over the host's own bytes, positioned at 0: no copy is made, so
   * calling it costs nothing whatever the body's size, and it can be passed to {@code
   * Mac.update(ByteBuffer)} or {@code MessageDigest.update(ByteBuffer)}. Each call returns a new
   * buffer, so reading one does not move another. Bodies can hold megabytes and secrets: never copy
   * more than needed, never log them.
   *
   * @throws UnsupportedOperationException on a host of SPI 1.0
   */
  default Optional<ByteBuffer> body() {
    throw new UnsupportedOperationException("this host (SPI 1.0) does not show the request");
  }
}
