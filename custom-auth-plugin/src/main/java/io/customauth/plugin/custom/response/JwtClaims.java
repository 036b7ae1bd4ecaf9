package io.customauth.plugin.custom.response;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;
import java.io.IOException;
import java.util.Base64;

/**
 * The claims of a JWT (RFC 7519) in JWS compact form, {@code header.payload.signature}, read from
 * its base64url payload <b>without verifying anything</b>: the plugin only needs {@code exp} to
 * know when to refresh, and the provider that issued the token is the one that checks it. Every
 * problem is {@code EXPIRY_INVALID}, since it is {@code expiryType: jwt} that cannot be applied;
 * messages never quote the token or a claim's value.
 */
final class JwtClaims {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private JwtClaims() {}

  /**
   * @param where the token in words, for messages: {@code the token at 'access_token'}
   * @throws AuthException {@code EXPIRY_INVALID} when the token is no JWT with a JSON payload
   */
  static ObjectNode of(String token, String where) {
    String[] parts = token.split("\\.", -1);
    if (parts.length == 5) {
      throw invalid(
          where
              + " is an encrypted JWT (JWE), whose claims cannot be read without its key, so"
              + " expiryType jwt cannot apply; use expiryType none with defaultLifetimeSeconds");
    }
    if (parts.length != 3) {
      throw invalid(
          where
              + " is not a JWT (three base64url parts separated by dots), so expiryType jwt cannot"
              + " read its exp claim; choose the expiryType of the answer's expiry value, or none");
    }
    byte[] payload;
    try {
      payload = Base64.getUrlDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw invalid(where + " is not a JWT: its payload (the second part) is not base64url");
    }
    JsonNode claims;
    try {
      claims = MAPPER.readTree(payload);
    } catch (IOException e) {
      claims = null; // Jackson's message quotes the payload: never pass it on.
    }
    if (claims instanceof ObjectNode object) {
      return object;
    }
    throw invalid(where + " is not a JWT: its payload is not a JSON object of claims");
  }

  private static AuthException invalid(String message) {
    return new AuthException(ErrorCode.EXPIRY_INVALID, message);
  }
}
