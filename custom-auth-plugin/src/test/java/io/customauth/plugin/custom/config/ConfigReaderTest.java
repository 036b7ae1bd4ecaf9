package io.customauth.plugin.custom.config;

import static io.customauth.plugin.custom.fixtures.Configs.row;
import static io.customauth.plugin.custom.fixtures.Configs.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigReaderTest {
  private static final String URL = "https://auth.acme.example/oauth/token";

  private static Map<String, Object> valid() {
    return Configs.custom(URL);
  }

  private static List<String> paths(List<ConfigViolation> violations) {
    return violations.stream().map(ConfigViolation::path).toList();
  }

  @Test
  void acceptsTheProductDocExample() {
    Map<String, Object> config = valid();
    config.put("queryParameters", rows(row("audience", "imports")));
    config.put(
        "requestBody",
        rows(
            row("client_id", "my-client"),
            row("client_secret", "${env:ACME_CLIENT_SECRET}"),
            row("grant_type", "custom_grant")));

    assertThat(ConfigReader.violations(config)).isEmpty();
  }

  @Test
  void appliesDefaultsForOptionalFields() {
    Map<String, Object> config = valid();
    config.remove("timeoutSeconds");

    CustomAuthConfig read = ConfigReader.read(config);

    assertThat(read.safetyWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(read.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(read.inject()).isEqualTo(Injection.DEFAULT);
    assertThat(read.queryParameters()).isEmpty();
    assertThat(read.requestBody()).isEmpty();
  }

  @Test
  void acceptsFractionalTimeouts() {
    Map<String, Object> config = valid();
    config.put("timeoutSeconds", 0.25);

    assertThat(ConfigReader.read(config).timeout()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void reportsEveryViolationAtOnce() {
    Map<String, Object> config = valid();
    config.put("method", "GET");
    config.put("requestBody", rows(row("client_id", "x")));
    config.put("authenticationUrl", "http://auth.acme.example/token");
    config.put("expiryType", "minutes");
    config.put("tokenKeyNme", "access_token");

    assertThat(paths(ConfigReader.violations(config)))
        .containsExactly("authenticationUrl", "expiryType", "requestBody", "tokenKeyNme");
  }

  @Test
  void readThrowsConfigInvalidWithEveryViolation() {
    Map<String, Object> config = valid();
    config.remove("tokenKeyName");
    config.put("expiryType", "hours");

    assertThatThrownBy(() -> ConfigReader.read(config))
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
              assertThat(paths(e.violations())).containsExactly("expiryType", "tokenKeyName");
            });
  }

  @Test
  void rejectsAnUnknownFieldNamingIt() {
    Map<String, Object> config = valid();
    config.put("tokenKey", "access_token");

    assertThat(ConfigReader.violations(config))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("tokenKey");
              assertThat(v.message()).startsWith("unknown field");
            });
  }

  @Test
  void rejectsAnUnknownFieldInsideARow() {
    Map<String, Object> config = valid();
    config.put(
        "requestBody", rows(row("client_id", "x"), Map.of("key", "client_secret", "vaule", "s")));

    assertThat(ConfigReader.violations(config))
        .containsExactly(
            new ConfigViolation(
                "requestBody[1].vaule",
                "unknown field; did you mean value? Known fields: key, value"));
  }

  @Test
  void rejectsABodyWithGet() {
    Map<String, Object> config = valid();
    config.put("method", "GET");
    config.put("requestBody", rows(row("client_id", "x")));

    assertThat(ConfigReader.violations(config))
        .containsExactly(new ConfigViolation("requestBody", "is only allowed when method is POST"));
  }

  @Test
  void acceptsGetWithoutBody() {
    Map<String, Object> config = valid();
    config.put("method", "GET");

    assertThat(ConfigReader.violations(config)).isEmpty();
  }

  @Test
  void rejectsAnUnknownMethod() {
    Map<String, Object> config = valid();
    config.put("method", "PUT");

    assertThat(paths(ConfigReader.violations(config))).containsExactly("method");
  }

  @Test
  void rejectsPlainHttpToANonLoopbackHost() {
    Map<String, Object> config = valid();
    config.put("authenticationUrl", "http://auth.acme.example/token");

    assertThat(ConfigReader.violations(config))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("authenticationUrl");
              assertThat(v.message()).contains("https").contains("loopback");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8080/token",
        "http://127.0.0.1/token",
        "http://127.1.2.3:9/token",
        "http://[::1]:8080/token",
        "https://auth.acme.example/token?audience=x"
      })
  void acceptsHttpsAnywhereAndHttpOnLoopback(String url) {
    Map<String, Object> config = valid();
    config.put("authenticationUrl", url);

    assertThat(ConfigReader.violations(config)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/oauth/token", "ftp://auth.acme.example/token", "https://", "not a url"})
  void rejectsUrlsThatAreNotAbsoluteHttps(String url) {
    Map<String, Object> config = valid();
    config.put("authenticationUrl", url);

    assertThat(paths(ConfigReader.violations(config))).containsExactly("authenticationUrl");
  }

  @Test
  void leavesAReferencedUrlToBeCheckedWhenResolved() {
    Map<String, Object> config = valid();
    config.put("authenticationUrl", "${env:TOKEN_URL}");

    assertThat(ConfigReader.violations(config)).isEmpty();
  }

  @Test
  void rejectsAnUnknownExpiryType() {
    Map<String, Object> config = valid();
    config.put("expiryType", "epoch");

    assertThat(ConfigReader.violations(config))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("expiryType");
              assertThat(v.message()).contains("datetime").contains("milliseconds");
            });
  }

  @Test
  void reportsMissingRequiredFields() {
    Map<String, Object> config = Map.of("type", "custom");

    assertThat(paths(ConfigReader.violations(config)))
        .containsExactly(
            "authenticationUrl", "expiryKeyName", "expiryType", "method", "tokenKeyName");
  }

  @Test
  void rejectsAnotherType() {
    Map<String, Object> config = valid();
    config.put("type", "oauth2");

    assertThat(paths(ConfigReader.violations(config))).containsExactly("type");
  }

  @Test
  void reportsWrongTypesTogetherWithOtherViolations() {
    Map<String, Object> config = valid();
    config.put("timeoutSeconds", "abc");
    config.put("safetyWindowSeconds", 1.5);
    config.put("method", Map.of("name", "POST"));
    config.put("queryParameters", "audience=imports");
    config.put("expiryType", "weeks");

    assertThat(ConfigReader.violations(config))
        .containsExactly(
            new ConfigViolation(
                "expiryType",
                "unknown value; known values: datetime, seconds, milliseconds, epochSeconds,"
                    + " epochMilliseconds, jwt, none"),
            new ConfigViolation("method", "must be a string"),
            new ConfigViolation(
                "queryParameters", "must be a list of {\"key\": …, \"value\": …} rows"),
            new ConfigViolation("safetyWindowSeconds", "must be a whole number"),
            new ConfigViolation("timeoutSeconds", "must be a number"));
  }

  @Test
  void reportsAWrongTypeInsideARowWithItsPath() {
    Map<String, Object> config = valid();
    config.put("requestBody", rows(row("a", "b"), Map.of("key", List.of("x"), "value", "v")));

    assertThat(ConfigReader.violations(config))
        .containsExactly(new ConfigViolation("requestBody[1].key", "must be a string"));
  }

  @Test
  void reportsAMissingKeyInARow() {
    Map<String, Object> config = valid();
    config.put("queryParameters", List.of(Map.of("value", "v")));

    assertThat(ConfigReader.violations(config))
        .containsExactly(new ConfigViolation("queryParameters[0].key", "is required"));
  }

  @Test
  void rejectsANegativeSafetyWindowAndAZeroTimeout() {
    Map<String, Object> config = valid();
    config.put("safetyWindowSeconds", -1);
    config.put("timeoutSeconds", 0);

    assertThat(paths(ConfigReader.violations(config)))
        .containsExactly("safetyWindowSeconds", "timeoutSeconds");
  }

  @Test
  void acceptsAHeaderInjectionWithPrefix() {
    Map<String, Object> config = valid();
    config.put("inject", Map.of("header", "X-Api-Key", "prefix", "Token "));

    Injection inject = ConfigReader.read(config).inject();

    assertThat(inject.headerName()).contains("X-Api-Key");
    assertThat(inject.headerPrefix()).isEqualTo("Token ");
  }

  @Test
  void acceptsAQueryParameterInjection() {
    Map<String, Object> config = valid();
    config.put("inject", Map.of("queryParameter", "access_token"));

    assertThat(ConfigReader.read(config).inject().queryParameterName()).contains("access_token");
  }

  @Test
  void rejectsAnInjectionNamingBothHeaderAndQueryParameter() {
    Map<String, Object> config = valid();
    config.put("inject", Map.of("header", "X-Api-Key", "queryParameter", "token"));

    assertThat(paths(ConfigReader.violations(config))).containsExactly("inject");
  }

  @Test
  void rejectsAnInjectionNamingNothing() {
    Map<String, Object> config = valid();
    config.put("inject", Map.of());

    assertThat(paths(ConfigReader.violations(config))).containsExactly("inject");
  }

  @Test
  void rejectsAPrefixWithAQueryParameter() {
    Map<String, Object> config = valid();
    config.put("inject", Map.of("queryParameter", "token", "prefix", "Bearer "));

    assertThat(paths(ConfigReader.violations(config))).containsExactly("inject.prefix");
  }

  @Test
  void rejectsAnInvalidHeaderName() {
    Map<String, Object> config = valid();
    config.put("inject", Map.of("header", "X Api Key"));

    assertThat(paths(ConfigReader.violations(config))).containsExactly("inject.header");
  }

  /** Every header the runner sets itself, in any case: refused at inject.header, named. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Idempotency-Key, Idempotency-Key",
    "idempotency-key, Idempotency-Key",
    "X-Import-Id, X-Import-Id",
    "x-IMPORT-id, X-Import-Id",
    "Host, Host",
    "Content-Type, Content-*",
    "Content-Length, Content-*",
    "content-encoding, Content-*",
    "Content-MD5, Content-*",
    "Transfer-Encoding, Transfer-Encoding",
    "Connection, Connection",
    "Expect, Expect",
    "Upgrade, Upgrade",
    "TE, TE",
    "te, TE",
    "Trailer, Trailer",
    "Keep-Alive, Keep-Alive",
    "Proxy-Authorization, Proxy-*",
    "proxy-connection, Proxy-*",
  })
  void rejectsAHeaderTheRunnerSets(String header, String named) {
    Map<String, Object> config = valid();
    config.put("inject", Map.of("header", header, "prefix", ""));

    List<ConfigViolation> violations = ConfigReader.violations(config);

    assertThat(paths(violations)).containsExactly("inject.header");
    assertThat(violations.get(0).message()).contains(named, "the runner sets");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Authorization", "X-Api-Key", "Contents", "Proxy", "X-Host", "TEA"})
  void acceptsAHeaderTheRunnerDoesNotSet(String header) {
    Map<String, Object> config = valid();
    config.put("inject", Map.of("header", header));

    assertThat(ConfigReader.violations(config)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"X Api Key", "X-Api-Key:", "X-Äpi", "X-Api\r\nX-Evil", "(X)", ""})
  void rejectsAHeaderNameThatIsNoHttpToken(String header) {
    Map<String, Object> config = valid();
    config.put("inject", Map.of("header", header));

    assertThat(paths(ConfigReader.violations(config))).containsExactly("inject.header");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "'Bearer\r\n', a line break",
    "'Bearer\n', a line break",
    "'Bearer\t', a control character",
    "'Bearer\u0000', a control character",
    "'Bearer\u007f', a control character",
    "'Bearer\u001b', a control character",
    "'Bearér ', a non-ASCII character",
    "'Bearer\u00a0', a non-ASCII character",
  })
  void rejectsAPrefixAHeaderCannotCarry(String escapedPrefix, String what) {
    Map<String, Object> config = valid();
    config.put("inject", Map.of("header", "Authorization", "prefix", unescape(escapedPrefix)));

    List<ConfigViolation> violations = ConfigReader.violations(config);

    assertThat(paths(violations)).containsExactly("inject.prefix");
    assertThat(violations.get(0).message()).contains(what).doesNotContain("Bearer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer ", "", "Token token=", "  two spaces  ", "!#$%&'*+-.^_`|~"})
  void acceptsAPrefixOfVisibleAsciiAndSpaces(String prefix) {
    Map<String, Object> config = valid();
    config.put("inject", Map.of("header", "Authorization", "prefix", prefix));

    assertThat(ConfigReader.violations(config)).isEmpty();
  }

  private static String unescape(String text) {
    return text.replace("\\r", "\r")
        .replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\\u0000", "\u0000")
        .replace("\\u007f", "\u007f")
        .replace("\\u001b", "\u001b")
        .replace("\\u00a0", "\u00a0");
  }

  @Test
  void messagesNeverContainConfiguredValues() {
    Map<String, Object> config = valid();
    config.put("method", "SECRET-METHOD-1");
    config.put("authenticationUrl", "http://secret-host-2.example/t?k=SECRET-3");
    config.put("expiryType", "SECRET-TYPE-4");
    config.put("timeoutSeconds", "SECRET-5");
    config.put("SECRET-FIELD-6", "SECRET-7");
    config.put("inject", Map.of("header", "SECRET 8"));

    List<ConfigViolation> violations = ConfigReader.violations(config);

    assertThat(violations).hasSize(6);
    assertThat(violations)
        .extracting(ConfigViolation::message)
        .allSatisfy(m -> assertThat(m).doesNotContainIgnoringCase("secret"));
  }

  @Test
  void toStringRedactsRowValuesAndTheUrlQuery() {
    Map<String, Object> config = valid();
    config.put("authenticationUrl", URL + "?api_key=QUERY-SECRET");
    config.put("queryParameters", rows(row("audience", "AUDIENCE-SECRET")));
    config.put("requestBody", rows(row("client_secret", "BODY-SECRET")));

    String text = ConfigReader.read(config).toString();

    assertThat(text)
        .contains("client_secret", "audience", "[REDACTED]")
        .doesNotContain("QUERY-SECRET", "AUDIENCE-SECRET", "BODY-SECRET");
  }

  @Test
  void sentRowsDropEmptyKeysAndKeepOrderAndRepeats() {
    Map<String, Object> config = valid();
    config.put("queryParameters", rows(row("a", "1"), row("", "ignored"), row("a", "2")));

    assertThat(ConfigReader.read(config).sentQueryParameters())
        .extracting(KeyValue::key, KeyValue::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "1"),
            org.assertj.core.groups.Tuple.tuple("a", "2"));
  }
}
