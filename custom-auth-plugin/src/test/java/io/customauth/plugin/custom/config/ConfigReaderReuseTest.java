package io.customauth.plugin.custom.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.spi.ConfigViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reader remembers the config it bound last (validate, then create, bind the same config): a
 * remembered outcome is only ever given for a config equal by value to the one bound, whatever the
 * caller did to its maps and lists afterwards.
 */
class ConfigReaderReuseTest {
  private static Map<String, Object> valid() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("type", "custom");
    config.put("method", "POST");
    config.put("authenticationUrl", "https://auth.example.com/token");
    config.put("tokenKeyName", "access_token");
    config.put("expiryType", "none");
    List<Object> body = new ArrayList<>();
    body.add(new LinkedHashMap<>(Map.of("key", "grant_type", "value", "client_credentials")));
    config.put("requestBody", body);
    return config;
  }

  @Test
  void theSameConfigReadTwiceGivesTheSameSettings() {
    Map<String, Object> config = valid();

    assertThat(ConfigReader.violations(config)).isEmpty();
    CustomAuthConfig first = ConfigReader.read(config);
    CustomAuthConfig again = ConfigReader.read(valid());

    assertThat(again).isEqualTo(first);
    assertThat(again.method()).isEqualTo("POST");
  }

  @Test
  void aTopLevelValueChangedAfterBindingIsBoundAgain() {
    Map<String, Object> config = valid();
    assertThat(ConfigReader.violations(config)).isEmpty();

    config.put("method", "PUT");

    assertThat(ConfigReader.violations(config))
        .extracting(ConfigViolation::path)
        .contains("method");
  }

  @Test
  void aNestedValueChangedAfterBindingIsBoundAgain() {
    Map<String, Object> config = valid();
    assertThat(ConfigReader.violations(config)).isEmpty();

    @SuppressWarnings("unchecked")
    Map<String, Object> row = ((List<Map<String, Object>>) config.get("requestBody")).get(0);
    row.remove("key");

    assertThat(ConfigReader.violations(config))
        .extracting(ConfigViolation::path)
        .containsExactly("requestBody[0].key");
    row.put("key", "grant_type");
    assertThat(ConfigReader.read(config).requestBody().get(0).key()).isEqualTo("grant_type");
  }

  @Test
  void aNumberOfAnotherTypeIsBoundAgain() {
    Map<String, Object> config = valid();
    config.put("maxAttempts", 3);
    assertThat(ConfigReader.violations(config)).isEmpty();

    config.put("maxAttempts", 3.5);

    assertThat(ConfigReader.violations(config))
        .extracting(ConfigViolation::path)
        .containsExactly("maxAttempts");
  }

  @Test
  void aJsonBodyWithItsKeysInAnotherOrderIsBoundAgainInThatOrder() {
    Map<String, Object> first = valid();
    first.remove("requestBody");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", "u");
    body.put("password", "p");
    first.put("jsonBody", body);
    assertThat(ConfigReader.read(first).jsonBody().keySet())
        .containsExactly("username", "password");

    Map<String, Object> second = valid();
    second.remove("requestBody");
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("password", "p");
    reordered.put("username", "u");
    second.put("jsonBody", reordered);

    assertThat(ConfigReader.read(second).jsonBody().keySet())
        .containsExactly("password", "username");
  }
}
