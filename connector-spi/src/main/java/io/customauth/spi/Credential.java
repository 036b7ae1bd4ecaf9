package io.customauth.spi;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Optional;

/**
 * A token and its life. Immutable and safe to share between threads.
 *
 * <p>{@link #toString()} never shows the token: print {@link #fingerprint()} to tell two tokens
 * apart.
 *
 * <p><b>A credential that does not expire</b> ({@link #nonExpiring(String)}) is used until the
 * target rejects it. It has no {@code expiresAt} and no {@code refreshAt}: both accessors return
 * {@code null}, {@link #expiry()} and {@link #refreshTime()} return empty, and {@link #toString()}
 * prints {@code never}. Code written for SPI 0.1.0 called {@link #expiresAt()} on every credential;
 * new code should prefer {@link #expiry()} and {@link #refreshTime()}, which never return null.
 *
 * @param token the secret to put on requests; never empty
 * @param expiresAt when the provider stops accepting it; {@code null} (together with {@code
 *     refreshAt}) only for a credential that does not expire
 * @param refreshAt when a new one is fetched ahead of expiry; never after {@code expiresAt}; {@code
 *     null} only for a credential that does not expire
 */
public record Credential(String token, Instant expiresAt, Instant refreshAt) {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Both instants or neither: {@code expiresAt} and {@code refreshAt} are either both given or both
   * {@code null}, which makes a credential that does not expire.
   */
  public Credential {
    requireNonNull(token, "token");
    if (expiresAt != null || refreshAt != null) {
      requireNonNull(expiresAt, "expiresAt");
      requireNonNull(refreshAt, "refreshAt");
      if (refreshAt.isAfter(expiresAt)) {
        throw new IllegalArgumentException("refreshAt must not be after expiresAt");
      }
    }
    if (token.isEmpty()) {
      throw new IllegalArgumentException("token must not be empty");
    }
  }

  /** A credential used until the target rejects it; see the class comment. */
  public static Credential nonExpiring(String token) {
    return new Credential(token, null, null);
  }

  /** When the provider stops accepting it; empty for a credential that does not expire. */
  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiresAt);
  }

  /** When a new one is fetched ahead of expiry; empty for a credential that does not expire. */
  public Optional<Instant> refreshTime() {
    return Optional.ofNullable(refreshAt);
  }

  /**
   * {@code sha256:} and the first 16 hex digits of the SHA-256 of the token's UTF-8 bytes: enough
   * to tell tokens apart in output, useless to an attacker.
   */
  public String fingerprint() {
    return fingerprint(token);
  }

  /** The fingerprint of any token, for hosts that need to compare without a {@code Credential}. */
  public static String fingerprint(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      char[] out = new char[16];
      for (int i = 0; i < 8; i++) {
        out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
        out[2 * i + 1] = HEX[digest[i] & 0xf];
      }
      return "sha256:" + new String(out);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Redacts the token; a credential that does not expire shows {@code never} for both instants. */
  @Override
  public String toString() {
    return "Credential[token=[REDACTED], fingerprint="
        + fingerprint()
        + ", expiresAt="
        + (expiresAt == null ? "never" : expiresAt)
        + ", refreshAt="
        + (refreshAt == null ? "never" : refreshAt)
        + "]";
  }
}
