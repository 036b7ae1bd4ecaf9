package io.customauth.plugin.custom.config;

import static io.customauth.plugin.custom.fixtures.Configs.row;
import static io.customauth.plugin.custom.fixtures.Configs.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.spi.ConfigViolation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unknown names, fields and values alike, get the nearest known one in one wording. */
class DidYouMeanTest {
  private static Map<String, Object> valid() {
    return Configs.custom("https://auth.acme.example/token");
  }

  private static ConfigViolation onlyViolation(Map<String, Object> config) {
    List<ConfigViolation> violations = ConfigReader.violations(config);
    assertThat(violations).hasSize(1);
    return violations.get(0);
  }

  @Test
  void anUnknownFieldSuggestsTheNearestAndListsEveryKnownField() {
    Map<String, Object> config = valid();
    config.put("tokenKeyNam", config.remove("tokenKeyName"));

    List<String> messages =
        ConfigReader.violations(config).stream().map(ConfigViolation::toString).toList();

    assertThat(messages)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith(
                        "tokenKeyNam: unknown field; did you mean tokenKeyName? Known fields: type,"
                            + " method, authenticationUrl, queryParameters, headers, requestBody,")
                    .endsWith(", inject, trustedCertificates"));
  }

  @Test
  void aFieldFarFromEveryKnownOneOnlyListsThem() {
    Map<String, Object> config = valid();
    config.put("colour", "blue");

    assertThat(onlyViolation(config).message()).startsWith("unknown field; known fields: type,");
  }

  @Test
  void aTransposedFieldNameCountsAsOneEdit() {
    Map<String, Object> config = valid();
    config.put("timeoutSecodns", 5);

    assertThat(onlyViolation(config).message())
        .startsWith("unknown field; did you mean timeoutSeconds?");
  }

  @Test
  void aFieldWrittenInAnotherCaseIsSuggestedAsWritten() {
    Map<String, Object> config = valid();
    config.put("SAFETYWINDOWSECONDS", 5);

    assertThat(onlyViolation(config).message())
        .startsWith("unknown field; did you mean safetyWindowSeconds?");
  }

  @Test
  void theOnlyKnownFieldThatAShortNameBeginsIsSuggested() {
    Map<String, Object> config = valid();
    config.put("safetyWindow", 5);

    assertThat(onlyViolation(config).message())
        .startsWith("unknown field; did you mean safetyWindowSeconds?");
  }

  @Test
  void aBeginningSharedByTwoKnownFieldsSuggestsNeither() {
    Map<String, Object> config = valid();
    config.put("expiry", 5);

    assertThat(onlyViolation(config).message()).startsWith("unknown field; known fields:");
  }

  @Test
  void anUnknownFieldInsideAnObjectSuggestsFromThatObject() {
    Map<String, Object> config = valid();
    config.put("inject", Map.of("heder", "X-Api-Key"));

    assertThat(onlyViolation(config))
        .isEqualTo(
            new ConfigViolation(
                "inject.heder",
                "unknown field; did you mean header? Known fields: header, prefix,"
                    + " queryParameter"));
  }

  @Test
  void anUnknownFieldInsideARowSuggestsKeyOrValue() {
    Map<String, Object> config = valid();
    config.put("queryParameters", rows(row("a", "b"), Map.of("kye", "c")));

    assertThat(onlyViolation(config).toString())
        .isEqualTo(
            "queryParameters[1].kye: unknown field; did you mean key? Known fields: key, value");
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource({
    "method, post, POST",
    "method, PST, POST",
    "method, GTE, GET",
    "expiryType, second, seconds",
    "expiryType, datetim, datetime",
    "expiryType, Milliseconds, milliseconds",
  })
  void anUnknownValueSuggestsTheNearestKnownValue(String field, String given, String suggested) {
    Map<String, Object> config = valid();
    config.put(field, given);

    ConfigViolation violation = onlyViolation(config);

    assertThat(violation.path()).isEqualTo(field);
    assertThat(violation.message())
        .startsWith("unknown value; did you mean " + suggested + "? Known values: ");
  }

  @Test
  void aValueFarFromEveryKnownOneOnlyListsThem() {
    Map<String, Object> config = valid();
    config.put("method", "PUT");

    assertThat(onlyViolation(config))
        .isEqualTo(new ConfigViolation("method", "unknown value; known values: GET, POST"));
  }

  @Test
  void theSuggestionNeverRepeatsTheValueWritten() {
    Map<String, Object> config = valid();
    config.put("method", "S3CRET");

    assertThat(onlyViolation(config).message()).doesNotContain("S3CRET");
  }

  @ParameterizedTest(name = "{0} / {1}: {2}")
  @CsvSource({
    "tokenKeyName, tokenKeyName, 0",
    "tokenKeyNam, tokenKeyName, 1",
    "tokenKeyNmae, tokenKeyName, 1",
    "tknKeyName, tokenKeyName, 2",
    "abc, xyz, 3",
    "'', abc, 3",
  })
  void distanceCountsEditsAndTranspositions(String a, String b, int expected) {
    assertThat(DidYouMean.distance(a, b)).isEqualTo(expected);
  }
}
