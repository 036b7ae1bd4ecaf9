package io.customauth.plugin.custom.config;

import io.customauth.spi.ConfigDescription;
import io.customauth.spi.ConfigField;
import io.customauth.spi.FieldType;

/**
 * What a {@code custom} auth block holds, for {@code describeConfig()}: the host turns it into the
 * JSON Schema of {@code import-runner plugins --schema custom} and into its unknown-field,
 * required-field, allowed-value and type checks. Every field of {@link CustomAuthConfig} is here,
 * in the order of the product doc's form; {@code CustomAuthDescriptionTest} fails when a field is
 * added to the config without being described. The URL rule and "a body only with POST" are here as
 * a pattern and conditions, for the schema; {@link ConfigReader} checks them (and the range rules
 * and the other rules between fields) with its own messages.
 */
public final class CustomAuthDescription {
  private static final String REFERENCES =
      " May be a ${env:NAME} or ${file:PATH} reference, resolved when the request is built.";

  /**
   * The schema's form of {@code AuthenticationUrl}'s rule: https, or http to localhost, 127.0.0.0/8
   * or [::1] (schemes and localhost in any case); a URL holding a {@code ${...}} reference is
   * checked once resolved.
   */
  static final String AUTHENTICATION_URL =
      "^(?:[Hh][Tt][Tt][Pp][Ss]://"
          + "|[Hh][Tt][Tt][Pp]://(?:[Ll][Oo][Cc][Aa][Ll][Hh][Oo][Ss][Tt]"
          + "|127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}"
          + "|\\[::1\\]|\\[0:0:0:0:0:0:0:1\\])(?:[:/?#]|$))"
          + "|\\$\\{";

  /** The description of the {@code custom} auth block. */
  public static final ConfigDescription DESCRIPTION =
      ConfigDescription.of(
          "Obtains and refreshes an access token by calling your own HTTP endpoint: one request"
              + " (GET or POST, URL, query parameters, headers, a form or JSON body, Basic auth),"
              + " and where the token and its expiry are in the answer.",
          ConfigField.string(
                  "method", "GET or POST. Only POST may carry a body (requestBody or jsonBody).")
              .asRequired()
              .withAllowedValues("GET", "POST"),
          ConfigField.string(
                  "authenticationUrl",
                  "Fully qualified URL to call for the token: https, or http for loopback hosts"
                      + " only (localhost, 127.0.0.0/8, ::1). A query already in the URL is kept.")
              .asRequired()
              .withPattern(AUTHENTICATION_URL),
          rows(
              "queryParameters",
              "Key/value rows appended to the URL, in order; keys may repeat; a row with an empty"
                  + " key is ignored."),
          rows(
              "headers",
              "Key/value rows sent as request headers on the token call, in order. Host,"
                  + " Content-Length, Content-Type, Transfer-Encoding, Connection, and Authorization"
                  + " with basicAuth, are refused."),
          rows(
                  "requestBody",
                  "Key/value rows sent as an application/x-www-form-urlencoded body, in order; POST"
                      + " only; a row with an empty key is ignored.")
              .onlyWhen("method", "POST"),
          ConfigField.of(
                  "jsonBody",
                  FieldType.ANY_OBJECT,
                  "Any JSON object, sent as the body with Content-Type: application/json; POST"
                      + " only, not together with requestBody. Any string in it may be a"
                      + " ${env:NAME} or ${file:PATH} reference.")
              .asSecret()
              .onlyWhen("method", "POST"),
          ConfigField.object(
              "basicAuth",
              "Sent as Authorization: Basic on the token call (RFC 7617, UTF-8), as"
                  + " client_secret_basic providers require.",
              ConfigField.string("username", "The user name; no ':'." + REFERENCES)
                  .asRequired()
                  .asSecret(),
              ConfigField.string("password", "The password." + REFERENCES).asRequired().asSecret()),
          ConfigField.string(
                  "tokenFrom",
                  "Where the token is: body (the JSON answer), header (a response header named by"
                      + " tokenKeyName, any case) or cookie (a cookie the answer sets, named by"
                      + " tokenKeyName).")
              .withDefault("body")
              .withAllowedValues("body", "header", "cookie"),
          ConfigField.string(
                  "tokenKeyName",
                  "Where the token is. In the JSON answer: a top-level key, a JSON Pointer when it"
                      + " starts with /, or else a dotted path (data.session.key). Otherwise the"
                      + " response header's or cookie's name.")
              .asRequired(),
          ConfigField.string(
              "expiryKeyName",
              "Where the expiry is in the JSON answer, with the same rules as a token in the"
                  + " body. Required unless expiryType is jwt or none, refused with those."),
          ConfigField.string(
                  "expiryType",
                  "How the expiry is read: datetime (an ISO 8601 / RFC 3339 timestamp), seconds or"
                      + " milliseconds (a duration from the moment the answer arrived),"
                      + " epochSeconds or epochMilliseconds (an absolute Unix timestamp), jwt (the"
                      + " token's exp claim, read and not verified) or none (no expiry).")
              .asRequired()
              .withAllowedValues(
                  "datetime",
                  "seconds",
                  "milliseconds",
                  "epochSeconds",
                  "epochMilliseconds",
                  "jwt",
                  "none"),
          ConfigField.integer(
              "defaultLifetimeSeconds",
              "With expiryType none: refresh a token at this age. With another type: the"
                  + " lifetime assumed when the answer has no expiry value. 1 to 315532800."),
          ConfigField.integer(
                  "safetyWindowSeconds",
                  "Refresh this long before expiry; never more than half of the token's lifetime.")
              .withDefault(CustomAuthConfig.DEFAULT_SAFETY_WINDOW_SECONDS),
          ConfigField.number(
                  "timeoutSeconds",
                  "The deadline of one attempt of the token call as a whole, in seconds; more than"
                      + " 0, fractions allowed.")
              .withDefault(CustomAuthConfig.DEFAULT_TIMEOUT_SECONDS),
          ConfigField.integer("maxAttempts", "Attempts of the token call before it fails; 1 to 10.")
              .withDefault(CustomAuthConfig.DEFAULT_MAX_ATTEMPTS),
          ConfigField.object(
              "inject",
              "How the token goes onto each upload request: {\"header\": NAME, \"prefix\": TEXT}"
                  + " or {\"queryParameter\": NAME}. Without it: Authorization: Bearer <token>.",
              ConfigField.string("header", "The header that carries the token."),
              ConfigField.string("prefix", "Text before the token in the header, e.g. 'Bearer '.")
                  .withDefault(""),
              ConfigField.string("queryParameter", "The query parameter that carries the token.")),
          ConfigField.string(
              "trustedCertificates",
              "A PEM file of extra CA certificates, trusted in addition to the JDK's. A relative"
                  + " path starts from the connector file's directory."));

  private CustomAuthDescription() {}

  private static ConfigField rows(String name, String description) {
    return ConfigField.rows(
        name,
        description,
        ConfigField.string("key", "The parameter name.").asRequired(),
        ConfigField.string("value", "The parameter value; may be secret." + REFERENCES)
            .asSecret()
            .withDefault(""));
  }
}
