package io.customauth.spi;

/**
 * The host's view of a request about to be sent, so that a strategy can put its credential on it
 * without knowing the host's HTTP client. Implementations need not be thread-safe: a request is
 * prepared by one thread.
 */
public interface OutgoingRequest {
  /** Sets a header, replacing any header of the same name. */
  void setHeader(String name, String value);

  /** Adds a query parameter; the host percent-encodes name and value. */
  void addQueryParameter(String name, String value);
}
