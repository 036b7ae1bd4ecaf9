package io.customauth.plugin.custom.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.spi.ConfigViolation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of tokenFrom, the new expiry types, defaultLifetimeSeconds and maxAttempts. */
class TokenShapeConfigTest {
  private static Map<String, Object> valid() {
    return Configs.custom("https://auth.acme.example/token");
  }

  private static List<ConfigViolation> violations(Map<String, Object> config) {
    return ConfigReader.violations(config);
  }

  @Test
  void tokenFromDefaultsToBodyAndMaxAttemptsTo3() {
    CustomAuthConfig read = ConfigReader.read(valid());

    assertThat(read.tokenSource()).isEqualTo(TokenFrom.BODY);
    assertThat(read.maxAttempts()).isEqualTo(3);
    assertThat(read.defaultLifetime()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"body", "header", "cookie"})
  void acceptsEveryTokenSource(String from) {
    Map<String, Object> config = valid();
    config.put("tokenFrom", from);

    assertThat(violations(config)).isEmpty();
  }

  @Test
  void anUnknownTokenSourceSuggestsTheNearest() {
    Map<String, Object> config = valid();
    config.put("tokenFrom", "headers");

    assertThat(violations(config))
        .containsExactly(
            new ConfigViolation(
                "tokenFrom",
                "unknown value; did you mean header? Known values: body, header, cookie"));
  }

  @Test
  void aHeaderTokenKeyNameMustBeAHeaderName() {
    Map<String, Object> config = valid();
    config.put("tokenFrom", "header");
    config.put("tokenKeyName", "/data/token");

    assertThat(violations(config))
        .containsExactly(
            new ConfigViolation(
                "tokenKeyName",
                "must be a header name when tokenFrom is header, such as X-Subject-Token"));
  }

  @Test
  void aCookieTokenKeyNameMustBeACookieName() {
    Map<String, Object> config = valid();
    config.put("tokenFrom", "cookie");
    config.put("tokenKeyName", "/session");

    assertThat(violations(config))
        .extracting(ConfigViolation::path)
        .containsExactly("tokenKeyName");
  }

  @ParameterizedTest
  @ValueSource(strings = {"epochSeconds", "epochMilliseconds", "datetime", "milliseconds"})
  void theExpiryTypesOfAValueNeedExpiryKeyName(String type) {
    Map<String, Object> config = valid();
    config.put("expiryType", type);
    config.remove("expiryKeyName");

    assertThat(violations(config))
        .containsExactly(
            new ConfigViolation("expiryKeyName", "is required unless expiryType is jwt or none"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jwt", "none"})
  void jwtAndNoneNeedNoExpiryKeyName(String type) {
    Map<String, Object> config = valid();
    config.put("expiryType", type);
    config.remove("expiryKeyName");

    assertThat(violations(config)).isEmpty();
  }

  @Test
  void jwtRefusesAnExpiryKeyNameSayingWhy() {
    Map<String, Object> config = valid();
    config.put("expiryType", "jwt");

    assertThat(violations(config))
        .containsExactly(
            new ConfigViolation(
                "expiryKeyName",
                "is not used with expiryType jwt, which reads the token's own exp claim; remove"
                    + " expiryKeyName"));
  }

  @Test
  void noneRefusesAnExpiryKeyNameSayingWhy() {
    Map<String, Object> config = valid();
    config.put("expiryType", "none");

    assertThat(violations(config))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("expiryKeyName");
              assertThat(v.message()).startsWith("is not used with expiryType none");
            });
  }

  @Test
  void anUnknownExpiryTypeSuggestsTheNearest() {
    Map<String, Object> config = valid();
    config.put("expiryType", "epochSecond");

    assertThat(violations(config).get(0).message())
        .startsWith("unknown value; did you mean epochSeconds? Known values: datetime,");
  }

  @Test
  void readsDefaultLifetimeSeconds() {
    Map<String, Object> config = valid();
    config.put("defaultLifetimeSeconds", 3600);

    assertThat(ConfigReader.read(config).defaultLifetime()).contains(Duration.ofHours(1));
  }

  @Test
  void refusesADefaultLifetimeOfZeroOrOverTenYears() {
    Map<String, Object> zero = valid();
    zero.put("defaultLifetimeSeconds", 0);
    Map<String, Object> long_ = valid();
    long_.put("defaultLifetimeSeconds", 315_532_801L);

    assertThat(violations(zero))
        .containsExactly(new ConfigViolation("defaultLifetimeSeconds", "must be more than 0"));
    assertThat(violations(long_))
        .containsExactly(
            new ConfigViolation("defaultLifetimeSeconds", "must be at most 315532800 (10 years)"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 10})
  void acceptsMaxAttemptsFrom1To10(int attempts) {
    Map<String, Object> config = valid();
    config.put("maxAttempts", attempts);

    assertThat(ConfigReader.read(config).maxAttempts()).isEqualTo(attempts);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 11, -1})
  void refusesMaxAttemptsOutside1To10(int attempts) {
    Map<String, Object> config = valid();
    config.put("maxAttempts", attempts);

    assertThat(violations(config))
        .containsExactly(new ConfigViolation("maxAttempts", "must be between 1 and 10"));
  }

  @Test
  void refusesAFractionalMaxAttempts() {
    Map<String, Object> config = valid();
    config.put("maxAttempts", 2.5);

    assertThat(violations(config))
        .containsExactly(new ConfigViolation("maxAttempts", "must be a whole number"));
  }
}
