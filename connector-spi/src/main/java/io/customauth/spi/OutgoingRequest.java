package io.customauth.spi;

/**
 * The host's view of a request about to be sent, so that a strategy can put its credential on it
 * without knowing the host's HTTP client. Implementations need not be thread-safe: a request is
 * prepared by one thread.
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
 * <p><b>Reserved headers</b> are set by the host on every upload and must not be set by a strategy;
 * the host overrides them: {@code Idempotency-Key}, {@code X-Import-Id}, {@code Host}, every {@code
 * Content-*} header, {@code Transfer-Encoding}, {@code Connection}, {@code Expect}, {@code
 * Upgrade}, {@code TE}, {@code Trailer}, {@code Keep-Alive} and every {@code Proxy-*} header (names
 * compared without regard to case).
 */
public interface OutgoingRequest {
  /**
   * Sets a header, replacing any header of the same name. The name must not be reserved and the
   * value must follow the rules above.
   */
  void setHeader(String name, String value);

  /** Adds a query parameter; the host percent-encodes name and value. */
  void addQueryParameter(String name, String value);
}
