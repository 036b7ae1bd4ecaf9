package io.customauth.spi;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * A token and its life. Immutable and safe to share between threads.
 *
 * <p>{@link #toString()} never shows the token: print {@link #fingerprint()} to tell two tokens
 * apart.
 *
 * @param token the secret to put on requests; never empty
 * @param expiresAt when the provider stops accepting it
 * @param refreshAt when a new one is fetched ahead of expiry; never after {@code expiresAt}
 */
public record Credential(String token, Instant expiresAt, Instant refreshAt) {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  public Credential {
    requireNonNull(token, "token");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(refreshAt, "refreshAt");
    if (token.isEmpty()) {
      throw new IllegalArgumentException("token must not be empty");
    }
    if (refreshAt.isAfter(expiresAt)) {
      throw new IllegalArgumentException("refreshAt must not be after expiresAt");
    }
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

  @Override
  public String toString() {
    return "Credential[token=[REDACTED], fingerprint="
        + fingerprint()
        + ", expiresAt="
        + expiresAt
        + ", refreshAt="
        + refreshAt
        + "]";
  }
}
