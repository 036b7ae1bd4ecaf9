package io.customauth.examples.hmacsigning;

import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.AuthStrategyFactory;
import io.customauth.spi.ConfigDescription;
import io.customauth.spi.ConfigField;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Type {@code hmac-signing}: signs each request with a shared HMAC key, as many APIs ask (see
 * {@link HmacSigningStrategy} for what is signed).
 */
public final class HmacSigningFactory implements AuthStrategyFactory {
  static final String TYPE = "hmac-signing";

  private static final ConfigDescription DESCRIPTION =
      ConfigDescription.of(
          "Signs method, path, query, body digest and a timestamp of every request with an HMAC"
              + " key; the API recomputes the signature.",
          ConfigField.string("keyId", "The id of the key, sent with the signature.").asRequired(),
          ConfigField.string("secret", "The shared HMAC key, e.g. ${env:HMAC_SECRET}.")
              .asRequired()
              .asSecret(),
          ConfigField.of("algorithm", FieldType.STRING, "The HMAC algorithm.")
              .withAllowedValues("HmacSHA256", "HmacSHA512")
              .withDefault("HmacSHA256"));

  @Override
  public String type() {
    return TYPE;
  }

  /** Unknown, missing, mistyped fields and a wrong algorithm are the host's to report. */
  @Override
  public Optional<ConfigDescription> describeConfig() {
    return Optional.of(DESCRIPTION);
  }

  /** Only what the description cannot say: the key id goes into a header, unquoted. */
  @Override
  public List<ConfigViolation> validate(Map<String, Object> config) {
    List<ConfigViolation> violations = new ArrayList<>();
    if (config.get("keyId") instanceof String keyId && !keyId.matches("[A-Za-z0-9._~-]{1,128}")) {
      violations.add(
          new ConfigViolation("keyId", "must be 1 to 128 letters, digits and . _ ~ - characters"));
    }
    return violations;
  }

  @Override
  public AuthStrategy create(Map<String, Object> config, AuthContext context) {
    return new HmacSigningStrategy(
        (String) config.get("keyId"),
        (String) config.get("secret"),
        (String) config.getOrDefault("algorithm", "HmacSHA256"),
        context);
  }
}
