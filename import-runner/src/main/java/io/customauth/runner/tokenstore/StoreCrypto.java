package io.customauth.runner.tokenstore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What keeps the store blind: values sealed with AES-256-GCM and key names made with HMAC-SHA256,
 * both with keys derived from {@code IMPORT_RUNNER_TOKEN_STORE_SECRET}.
 *
 * <p><b>Keys.</b> HKDF-SHA256 (RFC 5869) of the secret's UTF-8 bytes, salt {@code
 * import-runner/token-store/v1}, gives two independent 256-bit keys: info {@code value-key} for
 * AES-GCM, {@code name-key} for HMAC. HKDF does no key stretching: the secret is meant to be a
 * random key shared by the fleet (e.g. {@code openssl rand -base64 32}), not a password, which is
 * why at least {@link #SHORTEST_SECRET} characters are required.
 *
 * <p><b>Values.</b> {@code base64(1 | nonce | ciphertext+tag)}: version byte 1, a random 96-bit
 * nonce per value, and the 128-bit GCM tag; the plaintext is the entry's expiry (epoch ms, 8 bytes,
 * {@code Long.MIN_VALUE} for none) then the value's UTF-8 bytes. The associated data is the entry's
 * key name, so a value copied under another name does not open. A value sealed with another secret,
 * or damaged, does not open either: {@link #open} returns empty.
 *
 * <p>Thread-safe: every call makes its own {@link Cipher} and {@link Mac}.
 */
final class StoreCrypto {
  static final int SHORTEST_SECRET = 16;
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] SALT =
      "import-runner/token-store/v1".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec valueKey;
  private final SecretKeySpec nameKey;
  private final SecureRandom random = new SecureRandom();

  /** An opened value and its expiry in epoch ms ({@code Long.MIN_VALUE} for none). */
  record Opened(String value, long expiresAtMillis) {
    @Override
    public String toString() {
      return "Opened[value=[REDACTED], expiresAtMillis=" + expiresAtMillis + "]";
    }
  }

  StoreCrypto(String secret) {
    if (secret.length() < SHORTEST_SECRET) {
      throw new IllegalArgumentException(
          "must be at least " + SHORTEST_SECRET + " characters (e.g. openssl rand -base64 32)");
    }
    byte[] prk = hmac(SALT, secret.getBytes(StandardCharsets.UTF_8));
    this.valueKey = new SecretKeySpec(expand(prk, "value-key"), "AES");
    this.nameKey = new SecretKeySpec(expand(prk, "name-key"), "HmacSHA256");
  }

  /** Lower-case hex HMAC-SHA256 of {@code text}: reveals nothing of it without the secret. */
  String name(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(nameKey);
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  String seal(String name, String value, long expiresAtMillis) {
    byte[] plain = value.getBytes(StandardCharsets.UTF_8);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, valueKey, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(name.getBytes(StandardCharsets.US_ASCII));
      byte[] sealed =
          cipher.doFinal(
              ByteBuffer.allocate(8 + plain.length).putLong(expiresAtMillis).put(plain).array());
      return Base64.getEncoder()
          .encodeToString(
              ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                  .put(VERSION)
                  .put(nonce)
                  .put(sealed)
                  .array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has AES/GCM/NoPadding", e);
    }
  }

  /** Empty when {@code stored} was sealed with another secret, under another name, or damaged. */
  Optional<Opened> open(String name, String stored) {
    try {
      byte[] raw = Base64.getDecoder().decode(stored);
      if (raw.length < 1 + NONCE_BYTES + TAG_BITS / 8 + 8 || raw[0] != VERSION) {
        return Optional.empty();
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, valueKey, new GCMParameterSpec(TAG_BITS, raw, 1, NONCE_BYTES));
      cipher.updateAAD(name.getBytes(StandardCharsets.US_ASCII));
      byte[] plain = cipher.doFinal(raw, 1 + NONCE_BYTES, raw.length - 1 - NONCE_BYTES);
      ByteBuffer buffer = ByteBuffer.wrap(plain);
      long expires = buffer.getLong();
      return Optional.of(
          new Opened(new String(plain, 8, plain.length - 8, StandardCharsets.UTF_8), expires));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  /** HKDF-Expand for one 32-byte block: T(1) = HMAC(prk, info | 0x01). */
  private static byte[] expand(byte[] prk, String info) {
    byte[] infoBytes = info.getBytes(StandardCharsets.UTF_8);
    byte[] input = ByteBuffer.allocate(infoBytes.length + 1).put(infoBytes).put((byte) 1).array();
    return hmac(prk, input);
  }

  @Override
  public String toString() {
    return "StoreCrypto[keys=[REDACTED]]";
  }
}
