package io.customauth.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How the target refused a request that carried a credential: passed to {@link
 * AuthStrategy#rejected(Credential, Rejection)}. Immutable and thread-safe.
 *
 * @param status the HTTP status of the answer, e.g. 401
 * @param wwwAuthenticate the values of every {@code WWW-Authenticate} header of the answer, in the
 *     order received (RFC 9110 section 11.6.1), e.g. {@code Bearer error="invalid_token"}; empty
 *     when there was none. Received from the target: never print them raw, they may hold control
 *     characters
 * @param attempt which send of this request was refused, 1 for the first
 */
public record Rejection(int status, List<String> wwwAuthenticate, int attempt) {
  /**
   * @throws IllegalArgumentException when {@code status} is not an HTTP status (100-599) or {@code
   *     attempt} is less than 1
   * @throws NullPointerException when {@code wwwAuthenticate} or one of its values is null
   */
  public Rejection {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status, 100-599");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1");
    }
    wwwAuthenticate = List.copyOf(requireNonNull(wwwAuthenticate, "wwwAuthenticate"));
  }

  /** A rejection with that status and no challenge, on the first attempt. */
  public static Rejection of(int status) {
    return new Rejection(status, List.of(), 1);
  }
}
