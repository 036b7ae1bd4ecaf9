package io.customauth.spi;

/**
 * Obtains credentials and puts them on outgoing requests. One instance serves one connector.
 *
 * <p>Thread-safe: every method may be called from many threads at once. Call order: {@link
 * #credential()} (or {@link #authenticate}) for each request, {@link #rejected} when the target
 * answered 401, {@link #close()} once at the end.
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

  /** Puts {@code credential} on {@code request}, as this strategy's configuration says. */
  void apply(Credential credential, OutgoingRequest request);

  /**
   * The target refused {@code credential} (HTTP 401). If it is still the current one it is dropped,
   * so the next {@link #credential()} fetches a new one; a stale report is ignored, so many
   * requests failing with the same old token cause one refresh, not many.
   */
  void rejected(Credential credential);

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
