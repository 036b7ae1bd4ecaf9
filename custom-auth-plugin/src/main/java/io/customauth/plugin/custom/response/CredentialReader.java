package io.customauth.plugin.custom.response;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.plugin.custom.config.HeaderRules;
import io.customauth.plugin.custom.token.RefreshTime;
import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the body of a successful token answer into a {@link Credential}. Messages name keys, never
 * values: the body holds the token. Key names and content types come from the provider, so they are
 * printed through {@link ProviderText#quoted}. Thread-safe.
 */
public final class CredentialReader {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // A repeated key is an error, not a silent choice of the last value.
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // Numbers keep their exact value: 1e400 is a number too large, not Infinity.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();
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
   * @throws AuthException {@code NOT_JSON}, {@code TOKEN_KEY_MISSING}, {@code TOKEN_UNUSABLE},
   *     {@code EXPIRY_KEY_MISSING} or {@code EXPIRY_INVALID}
   */
  public Credential read(byte[] body, String contentType, Instant receivedAt) {
    ObjectNode root = parse(body, contentType);
    String token = token(root);
    JsonNode expiryValue =
        expiryKey
            .find(root)
            .orElseThrow(
                () ->
                    new AuthException(
                        ErrorCode.EXPIRY_KEY_MISSING,
                        "there is no value at '"
                            + expiryKey.name()
                            + "'; "
                            + keys(expiryKey, root)));
    Optional<Instant> expiresAt = expiry.expiresAt(expiryKey.name(), expiryValue, receivedAt);
    return expiresAt
        .map(at -> new Credential(token, at, RefreshTime.of(receivedAt, at, safetyWindow)))
        .orElseGet(() -> Credential.nonExpiring(token));
  }

  private String token(ObjectNode root) {
    JsonNode token = tokenKey.find(root).orElse(null);
    if (token == null) {
      throw new AuthException(
          ErrorCode.TOKEN_KEY_MISSING,
          "there is no value at '" + tokenKey.name() + "'; " + keys(tokenKey, root));
    }
    if (token.isNull()) {
      throw new AuthException(
          ErrorCode.TOKEN_KEY_MISSING,
          "the value at '" + tokenKey.name() + "' is null, not a token");
    }
    if (!token.isTextual() || token.asText().isEmpty()) {
      throw new AuthException(
          ErrorCode.TOKEN_KEY_MISSING,
          "the value at '" + tokenKey.name() + "' is not a non-empty string");
    }
    String text = token.asText();
    String unusable = HeaderRules.firstUnusable(text, false);
    if (unusable != null) {
      throw new AuthException(
          ErrorCode.TOKEN_UNUSABLE,
          "the token at '"
              + tokenKey.name()
              + "' is not usable as a header value: it contains "
              + unusable
              + ", and a token may hold visible ASCII characters only");
    }
    return text;
  }

  private static ObjectNode parse(byte[] body, String contentType) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonParseException e) {
      String duplicate = duplicateKey(e);
      if (duplicate != null) {
        throw new AuthException(
            ErrorCode.NOT_JSON,
            "the token endpoint's answer has the key "
                + ProviderText.quoted(duplicate)
                + " more than once, so which value counts is unclear");
      }
      root = null; // Jackson's message quotes the body: never pass it on.
    } catch (JsonProcessingException e) {
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
            + (contentType == null ? "" : " (" + ProviderText.quoted(contentType) + ")")
            + " is not a JSON object");
  }

  /** The repeated key when STRICT_DUPLICATE_DETECTION failed the parse, else null. */
  private static String duplicateKey(JsonParseException e) {
    String message = e.getOriginalMessage();
    JsonParser parser = e.getProcessor();
    if (message == null || !message.startsWith("Duplicate") || parser == null) {
      return null;
    }
    try {
      return parser.currentName();
    } catch (IOException unexpected) {
      return null;
    }
  }

  /** The key names (never values) of the deepest object on the way to {@code path}. */
  private static String keys(KeyPath path, ObjectNode root) {
    KeyPath.Parent parent = path.deepestParent(root);
    String where = parent.path().isEmpty() ? "the answer" : "the object at '" + parent.path() + "'";
    List<String> names = new ArrayList<>();
    parent.object().fieldNames().forEachRemaining(names::add);
    if (names.isEmpty()) {
      return where + " has no keys";
    }
    List<String> listed = new ArrayList<>();
    for (String name : names.subList(0, Math.min(names.size(), MAX_LISTED_KEYS))) {
      listed.add(ProviderText.quoted(name));
    }
    return where
        + " has the keys ["
        + String.join(", ", listed)
        + (names.size() > MAX_LISTED_KEYS
            ? ", … " + (names.size() - MAX_LISTED_KEYS) + " more"
            : "")
        + "]";
  }
}
