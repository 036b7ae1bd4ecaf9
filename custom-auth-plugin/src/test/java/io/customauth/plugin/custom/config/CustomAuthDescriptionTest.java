package io.customauth.plugin.custom.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.plugin.custom.CustomAuthStrategyFactory;
import io.customauth.spi.ConfigField;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomAuthDescriptionTest {
  @Test
  void theFactoryDescribesItsConfig() {
    assertThat(new CustomAuthStrategyFactory().describeConfig())
        .contains(CustomAuthDescription.DESCRIPTION);
  }

  @Test
  void theUrlPatternAcceptsWhatTheUrlRuleAccepts() {
    java.util.regex.Pattern pattern =
        java.util.regex.Pattern.compile(CustomAuthDescription.AUTHENTICATION_URL);
    for (String url :
        List.of(
            "https://auth.example/token",
            "HTTPS://auth.example",
            "http://localhost:8080/t",
            "http://LOCALHOST/t",
            "http://127.0.0.1/t",
            "http://127.4.5.6:9/t?x=1",
            "http://[::1]:80/t",
            "http://localhost",
            "http://auth.example/token",
            "http://localhost.evil.example/t",
            "http://127.0.0.1.evil.example/",
            "ftp://auth.example/t",
            "${env:URL}")) {
      boolean ruleAccepts =
          url.contains("${") || AuthenticationUrl.Validator.problem(url).isEmpty();
      assertThat(pattern.matcher(url).find()).as(url).isEqualTo(ruleAccepts);
    }
  }

  @Test
  void everyConfigFieldIsDescribedAndNothingElse() {
    assertThat(names(CustomAuthDescription.DESCRIPTION.fields()))
        .containsExactlyInAnyOrderElementsOf(
            components(CustomAuthConfig.class).stream().filter(n -> !n.equals("type")).toList());
    assertThat(names(field("inject").fields()))
        .containsExactlyInAnyOrderElementsOf(components(Injection.class));
    assertThat(names(field("queryParameters").fields()))
        .containsExactlyInAnyOrderElementsOf(components(KeyValue.class));
    assertThat(names(field("requestBody").fields()))
        .containsExactlyInAnyOrderElementsOf(components(KeyValue.class));
  }

  @Test
  void requiredFieldsAllowedValuesDefaultsAndSecretsAreTheConfigs() {
    assertThat(
            CustomAuthDescription.DESCRIPTION.fields().stream()
                .filter(ConfigField::required)
                .map(ConfigField::name))
        // expiryKeyName is required unless expiryType is jwt or none: ConfigReader's rule, not one
        // a description can state.
        .containsExactly("method", "authenticationUrl", "tokenKeyName", "expiryType");
    assertThat(field("expiryType").allowedValues())
        .containsExactlyElementsOf(
            Arrays.stream(ExpiryType.values()).map(ExpiryType::configName).toList());
    assertThat(field("safetyWindowSeconds").defaultValue())
        .contains(CustomAuthConfig.DEFAULT_SAFETY_WINDOW_SECONDS);
    assertThat(field("requestBody").field("value").orElseThrow().secret()).isTrue();
    assertThat(field("headers").field("value").orElseThrow().secret()).isTrue();
    assertThat(field("basicAuth").field("password").orElseThrow().secret()).isTrue();
    assertThat(field("jsonBody").secret()).isTrue();
    assertThat(field("maxAttempts").defaultValue()).contains(CustomAuthConfig.DEFAULT_MAX_ATTEMPTS);
  }

  private static ConfigField field(String name) {
    return CustomAuthDescription.DESCRIPTION.field(name).orElseThrow();
  }

  private static List<String> names(List<ConfigField> fields) {
    return fields.stream().map(ConfigField::name).toList();
  }

  private static List<String> components(Class<?> record) {
    return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
  }
}
