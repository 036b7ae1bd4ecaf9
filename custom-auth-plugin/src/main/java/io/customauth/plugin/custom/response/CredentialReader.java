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
import io.customauth.plugin.custom.config.CustomAuthConfig;
import io.customauth.plugin.custom.config.ExpiryType;
import io.customauth.plugin.custom.config.HeaderRules;
import io.customauth.plugin.custom.config.TokenFrom;
import io.customauth.plugin.custom.token.RefreshTime;
import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hc.core5.http.NameValuePair;

/**
 * Turns a successful token answer into a {@link Credential}: the token from the body, a header or a
 * cookie ({@code tokenFrom}), and its expiry as {@code expiryType} says. Messages name keys,
 * headers and cookies, never values: the answer holds the token. Names that come from the provider
 * (keys, header and cookie names, content types) are printed through {@link ProviderText#quoted}.
 * Thread-safe.
 *
 * <p>The body is parsed only when something is read from it, so a header or cookie token whose
 * expiry is {@code jwt} or {@code none} needs no JSON answer at all.
 *
 * <p>{@code defaultLifetimeSeconds}: with {@code none} a token is refreshed when it reaches that
 * age, and it is not served past it ({@code expiresAt} and {@code refreshAt} are both that moment:
 * the provider stated no expiry, so the safety window has nothing to protect). With another type it
 * is the lifetime assumed when the answer has no expiry value at all (or a JWT no {@code exp}),
 * refreshed ahead by the safety window like any other; a value that is there but wrong is still an
 * error.
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

  private final TokenFrom tokenFrom;
  private final String tokenName;
  private final KeyPath tokenKey;
  private final ExpiryType expiryType;
  private final KeyPath expiryKey;
  private final ExpiryParser expiry;
  private final Optional<Duration> defaultLifetime;
  private final Duration safetyWindow;

  /** A reader for a valid config. */
  public CredentialReader(CustomAuthConfig config) {
    requireNonNull(config, "config");
    this.tokenFrom = config.tokenSource();
    this.tokenName = config.tokenKeyName();
    this.tokenKey = new KeyPath(config.tokenKeyName());
    this.expiryType = config.expiryKind();
    this.expiryKey = expiryType.readsExpiryKey() ? new KeyPath(config.expiryKeyName()) : null;
    this.expiry = new ExpiryParser(expiryType);
    this.defaultLifetime = config.defaultLifetime();
    this.safetyWindow = config.safetyWindow();
  }

  /**
   * @param body the whole body as received
   * @param contentType the answer's content type, for the message when it is not JSON
   * @param headers the answer's headers, in the order received
   * @param receivedAt when the answer arrived
   * @throws AuthException {@code NOT_JSON}, {@code TOKEN_KEY_MISSING}, {@code TOKEN_UNUSABLE},
   *     {@code EXPIRY_KEY_MISSING} or {@code EXPIRY_INVALID}
   */
  public Credential read(
      byte[] body, String contentType, List<? extends NameValuePair> headers, Instant receivedAt) {
    ObjectNode root = tokenFrom == TokenFrom.BODY ? parse(body, contentType) : null;
    String where;
    String token;
    switch (tokenFrom) {
      case HEADER -> {
        where = "the token in the header '" + tokenName + "'";
        token = header(headers);
      }
      case COOKIE -> {
        where = "the token in the cookie '" + tokenName + "'";
        token = cookie(headers);
      }
      default -> {
        where = "the token at '" + tokenName + "'";
        token = token(root);
      }
    }
    String unusable = HeaderRules.firstUnusable(token, false);
    if (unusable != null) {
      throw new AuthException(
          ErrorCode.TOKEN_UNUSABLE,
          where
              + " is not usable as a header value: it contains "
              + unusable
              + ", and a token may hold visible ASCII characters only");
    }
    switch (expiryType) {
      case NONE -> {
        return defaultLifetime
            .map(age -> new Credential(token, receivedAt.plus(age), receivedAt.plus(age)))
            .orElseGet(() -> Credential.nonExpiring(token));
      }
      case JWT -> {
        ObjectNode claims = JwtClaims.of(token, where);
        JsonNode exp = claims.get("exp");
        if (exp == null) {
          return assumedLifetime(token, receivedAt)
              .orElseThrow(
                  () ->
                      new AuthException(
                          ErrorCode.EXPIRY_INVALID,
                          where
                              + " is a JWT without an exp claim; "
                              + names("its payload", "claims", claims)
                              + "; set defaultLifetimeSeconds to assume a lifetime, or use"
                              + " expiryType none"));
        }
        return credential(token, ExpiryParser.jwtExpiresAt(exp, receivedAt), receivedAt);
      }
      default -> {
        ObjectNode answer = root != null ? root : parse(body, contentType);
        Optional<JsonNode> value = expiryKey.find(answer);
        if (value.isEmpty()) {
          return assumedLifetime(token, receivedAt)
              .orElseThrow(
                  () ->
                      new AuthException(
                          ErrorCode.EXPIRY_KEY_MISSING,
                          "there is no value at '"
                              + expiryKey.name()
                              + "'; "
                              + keys(expiryKey, answer)));
        }
        return credential(
            token, expiry.expiresAt(expiryKey.name(), value.get(), receivedAt), receivedAt);
      }
    }
  }

  private Credential credential(String token, Optional<Instant> expiresAt, Instant receivedAt) {
    return expiresAt
        .map(at -> new Credential(token, at, RefreshTime.of(receivedAt, at, safetyWindow)))
        .orElseGet(() -> Credential.nonExpiring(token));
  }

  /** A credential living {@code defaultLifetimeSeconds}, when that is configured. */
  private Optional<Credential> assumedLifetime(String token, Instant receivedAt) {
    return defaultLifetime.map(
        lifetime -> credential(token, Optional.of(receivedAt.plus(lifetime)), receivedAt));
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
    return token.asText();
  }

  /** The value of the header named {@code tokenKeyName}, compared without regard to case. */
  private String header(List<? extends NameValuePair> headers) {
    Set<String> values = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    for (NameValuePair header : headers) {
      names.add(header.getName());
      if (header.getName().equalsIgnoreCase(tokenName)) {
        values.add(header.getValue() == null ? "" : header.getValue().trim());
      }
    }
    if (values.isEmpty()) {
      throw new AuthException(
          ErrorCode.TOKEN_KEY_MISSING,
          "the answer has no header '"
              + tokenName
              + "'; "
              + listed("it has the headers", "it has no headers", names));
    }
    return single(values, "header");
  }

  /**
   * The value of the cookie named {@code tokenKeyName} (compared exactly, RFC 6265) among the
   * answer's {@code Set-Cookie} headers. Each is read as RFC 6265 section 5.2 says: the name and
   * value are what comes before the first {@code ;}, split at the first {@code =} and trimmed;
   * attributes are ignored, and a header without {@code =} is no cookie.
   */
  private String cookie(List<? extends NameValuePair> headers) {
    Set<String> values = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    for (NameValuePair header : headers) {
      if (!header.getName().equalsIgnoreCase("Set-Cookie") || header.getValue() == null) {
        continue;
      }
      String pair = header.getValue();
      int semicolon = pair.indexOf(';');
      pair = semicolon < 0 ? pair : pair.substring(0, semicolon);
      int equals = pair.indexOf('=');
      if (equals < 0) {
        continue;
      }
      String name = pair.substring(0, equals).trim();
      if (name.isEmpty()) {
        continue;
      }
      names.add(name);
      if (name.equals(tokenName)) {
        values.add(pair.substring(equals + 1).trim());
      }
    }
    if (values.isEmpty()) {
      throw new AuthException(
          ErrorCode.TOKEN_KEY_MISSING,
          "the answer sets no cookie '"
              + tokenName
              + "'; "
              + listed("it sets the cookies", "it sets no cookies", names));
    }
    return single(values, "cookie");
  }

  /** The one value the answer gave; two different ones are an error, not a silent choice. */
  private String single(Set<String> values, String kind) {
    if (values.size() > 1) {
      throw new AuthException(
          ErrorCode.TOKEN_KEY_MISSING,
          "the answer sets the "
              + kind
              + " '"
              + tokenName
              + "' more than once with different values, so which one is the token is unclear");
    }
    String value = values.iterator().next();
    if (value.isEmpty()) {
      throw new AuthException(
          ErrorCode.TOKEN_KEY_MISSING,
          "the " + kind + " '" + tokenName + "' is empty, not a token");
    }
    return value;
  }

  private static String listed(String intro, String none, Set<String> names) {
    if (names.isEmpty()) {
      return none;
    }
    List<String> listed = new ArrayList<>();
    for (String name : names.stream().limit(MAX_LISTED_KEYS).toList()) {
      listed.add(ProviderText.quoted(name));
    }
    return intro
        + " ["
        + String.join(", ", listed)
        + (names.size() > MAX_LISTED_KEYS
            ? ", … " + (names.size() - MAX_LISTED_KEYS) + " more"
            : "")
        + "]";
  }

  private static String names(String where, String kind, ObjectNode object) {
    Set<String> names = new LinkedHashSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return listed(where + " has the " + kind, where + " has no " + kind, names);
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
    return names(where, "keys", parent.object());
  }
}
