package io.customauth.examples.hmacsigning;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthException;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.OutgoingRequest;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs every attempt of a request. The string signed is, joined by {@code \n}:
 *
 * <pre>
 * METHOD
 * raw path (percent-encoded, as sent)
 * raw query, or empty
 * hex SHA-256 of the body (of no bytes for a request without one)
 * timestamp: epoch seconds of the context's clock
 * </pre>
 *
 * and the request gets {@code X-Timestamp}, {@code X-Content-SHA256} and {@code Authorization:
 * HMAC-SHA256 keyId=ID, signature=HEX} (HMAC-SHA512 for that algorithm).
 *
 * <p>The {@link Credential} is the HMAC key itself, resolved from the configured reference each
 * time a credential is asked for, so a rotated key is picked up; it never leaves the process, only
 * signatures made with it do. A rejection cannot be fixed by a new key, so it is ignored. Thread-
 * safe: the fields are final, and a {@link Mac} is made per request.
 */
final class HmacSigningStrategy implements AuthStrategy {
  private static final HexFormat HEX = HexFormat.of();

  private final String keyId;
  private final String secretReference;
  private final String algorithm;
  private final AuthContext context;
  private volatile boolean closed;

  HmacSigningStrategy(String keyId, String secretReference, String algorithm, AuthContext context) {
    this.keyId = keyId;
    this.secretReference = secretReference;
    this.algorithm = algorithm;
    this.context = context;
  }

  @Override
  public String type() {
    return HmacSigningFactory.TYPE;
  }

  @Override
  public Credential credential() {
    if (closed) {
      throw new IllegalStateException("the hmac-signing strategy is closed");
    }
    return Credential.nonExpiring(context.secrets().resolve("secret", secretReference));
  }

  @Override
  public void apply(Credential credential, OutgoingRequest request) {
    String timestamp = String.valueOf(context.clock().instant().getEpochSecond());
    String bodyDigest = HEX.formatHex(sha256(request));
    URI uri = request.uri();
    String signed =
        String.join(
            "\n",
            request.method(),
            uri.getRawPath(),
            uri.getRawQuery() == null ? "" : uri.getRawQuery(),
            bodyDigest,
            timestamp);
    request.setHeader("X-Timestamp", timestamp);
    request.setHeader("X-Content-SHA256", bodyDigest);
    request.setHeader(
        "Authorization",
        scheme() + " keyId=" + keyId + ", signature=" + HEX.formatHex(hmac(credential, signed)));
  }

  /** {@code HMAC-SHA256} or {@code HMAC-SHA512}. */
  String scheme() {
    return "HMAC-" + algorithm.substring("Hmac".length());
  }

  private static byte[] sha256(OutgoingRequest request) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      request.body().ifPresent(digest::update); // a read-only view: no copy of the body
      return digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private byte[] hmac(Credential credential, String signed) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(credential.token().getBytes(UTF_8), algorithm));
      return mac.doFinal(signed.getBytes(UTF_8));
    } catch (GeneralSecurityException e) {
      // The class name only: a key problem must not put the key in a message.
      throw new AuthException(
          ErrorCode.CONFIG_INVALID,
          "cannot sign with " + algorithm + " (" + e.getClass().getName() + ")");
    }
  }

  /** A rejection is not the key's fault: the next attempt is signed again, afresh. */
  @Override
  public void rejected(Credential credential) {}

  @Override
  public void close() {
    closed = true;
  }

  /** The key id and algorithm: never the key. */
  @Override
  public String toString() {
    return "HmacSigningStrategy[keyId=" + keyId + ", " + algorithm + "]";
  }
}
