package io.customauth.spi;

/**
 * Obtains credentials and puts them on outgoing requests. One instance serves one connector.
 *
 * <p>Thread-safe: every method may be called from many threads at once. Call order: {@link
 * #credential()} (or {@link #authenticate}) for each request, {@link #rejected(Credential,
 * Rejection)} when the target refused it (401, or another status the connector names), {@link
 * #close()} once at the end.
 *
 * <p>{@link #apply} runs once per attempt: a request sent again (after a retry or a rejection) is a
 * new {@link OutgoingRequest}, applied again, so a signature or a nonce is fresh for each send.
 */
public interface AuthStrategy extends AutoCloseable {
  /** The type name of the factory that made this strategy, e.g. {@code custom}. */
  String type();

  /**
   * A credential that is valid now. Returns without blocking while a valid credential is cached;
   * blocks only when none is, while one is fetched (callers at the same moment share one fetch).
   *
   * @throws AuthException when no valid credential could be obtained
   */
  Credential credential();

  /**
   * Puts {@code credential} on {@code request}, as this strategy's configuration says. Called once
   * per attempt, on the thread that sends the request; must not block on I/O.
   */
  void apply(Credential credential, OutgoingRequest request);

  /**
   * The target refused {@code credential} (HTTP 401). If it is still the current one it is dropped,
   * so the next {@link #credential()} fetches a new one; a stale report is ignored, so many
   * requests failing with the same old token cause one refresh, not many.
   *
   * <p>A host of SPI 1.1 calls {@link #rejected(Credential, Rejection)} instead, which calls this
   * one unless the strategy overrides it.
   */
  void rejected(Credential credential);

  /**
   * The target refused {@code credential}; {@code rejection} says how: the status, the {@code
   * WWW-Authenticate} challenges and which attempt it was. The host then asks for a credential
   * again and sends the request once more. The default calls {@link #rejected(Credential)}, so
   * strategies written for SPI 1.0 behave as before. Same rules as that method: thread-safe, quick,
   * a stale report ignored; an {@link AuthException} or other exception is a plugin failure.
   *
   * @since SPI 1.1
   */
  default void rejected(Credential credential, Rejection rejection) {
    rejected(credential);
  }

  /** Gets a valid credential, puts it on {@code request} and returns it (to report a 401 later). */
  default Credential authenticate(OutgoingRequest request) {
    Credential credential = credential();
    apply(credential, request);
    return credential;
  }

  /** Releases connections and cancels background work. Idempotent; never throws. */
  @Override
  void close();
}
