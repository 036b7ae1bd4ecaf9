package io.customauth.plugin.custom.response;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.plugin.custom.token.RefreshTime;
import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the body of a successful token answer into a {@link Credential}. Messages name keys, never
 * values: the body holds the token. Thread-safe.
 */
public final class CredentialReader {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final int MAX_LISTED_KEYS = 20;

  private final KeyPath tokenKey;
  private final KeyPath expiryKey;
  private final ExpiryParser expiry;
  private final Duration safetyWindow;

  public CredentialReader(
      KeyPath tokenKey, KeyPath expiryKey, ExpiryParser expiry, Duration safetyWindow) {
    this.tokenKey = requireNonNull(tokenKey, "tokenKey");
    this.expiryKey = requireNonNull(expiryKey, "expiryKey");
    this.expiry = requireNonNull(expiry, "expiry");
    this.safetyWindow = requireNonNull(safetyWindow, "safetyWindow");
  }

  /**
   * @param body the whole body as received
   * @param contentType the answer's content type, for the message when it is not JSON
   * @param receivedAt when the answer arrived
   * @throws AuthException {@code NOT_JSON}, {@code TOKEN_KEY_MISSING}, {@code EXPIRY_KEY_MISSING}
   *     or {@code EXPIRY_INVALID}
   */
  public Credential read(byte[] body, String contentType, Instant receivedAt) {
    ObjectNode root = parse(body, contentType);
    JsonNode token = tokenKey.find(root).orElse(null);
    if (token == null || !token.isTextual() || token.asText().isEmpty()) {
      String what =
          token == null
              ? "there is no value at '" + tokenKey.name() + "'"
              : "the value at '" + tokenKey.name() + "' is not a non-empty string";
      throw new AuthException(
          ErrorCode.TOKEN_KEY_MISSING, what + "; the answer has the keys " + keys(root));
    }
    JsonNode expiryValue =
        expiryKey
            .find(root)
            .orElseThrow(
                () ->
                    new AuthException(
                        ErrorCode.EXPIRY_KEY_MISSING,
                        "there is no value at '"
                            + expiryKey.name()
                            + "'; the answer has the keys "
                            + keys(root)));
    Instant expiresAt = expiry.expiresAt(expiryKey.name(), expiryValue, receivedAt);
    return new Credential(
        token.asText(), expiresAt, RefreshTime.of(receivedAt, expiresAt, safetyWindow));
  }

  private static ObjectNode parse(byte[] body, String contentType) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the body: never pass it on.
      root = null;
    } catch (IOException e) {
      root = null;
    }
    if (root instanceof ObjectNode object) {
      return object;
    }
    throw new AuthException(
        ErrorCode.NOT_JSON,
        "the token endpoint's answer"
            + (contentType == null ? "" : " (" + contentType + ")")
            + " is not a JSON object");
  }

  /** The top-level key names, never their values. */
  private static String keys(ObjectNode root) {
    List<String> names = new ArrayList<>();
    root.fieldNames().forEachRemaining(names::add);
    if (names.isEmpty()) {
      return "(none)";
    }
    List<String> listed =
        names.size() > MAX_LISTED_KEYS ? names.subList(0, MAX_LISTED_KEYS) : names;
    return "["
        + String.join(", ", listed)
        + (names.size() > MAX_LISTED_KEYS
            ? ", … " + (names.size() - MAX_LISTED_KEYS) + " more"
            : "")
        + "]";
  }
}
