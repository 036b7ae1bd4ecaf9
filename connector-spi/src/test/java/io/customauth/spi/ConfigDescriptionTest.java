package io.customauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigDescriptionTest {
  @Test
  void fieldsAreBuiltWithFactoriesAndCopies() {
    ConfigField method =
        ConfigField.string("method", "The HTTP method.")
            .asRequired()
            .withAllowedValues("GET", "POST");
    ConfigField secret = ConfigField.string("password", "The password.").asSecret();
    ConfigField rows =
        ConfigField.rows(
            "queryParameters",
            "Rows appended to the URL.",
            ConfigField.string("key", "The name.").asRequired(),
            ConfigField.string("value", "The value.").withDefault(""));

    assertThat(method.required()).isTrue();
    assertThat(method.allowedValues()).containsExactly("GET", "POST");
    assertThat(secret.secret()).isTrue();
    assertThat(rows.field("value").orElseThrow().defaultValue()).contains("");
    assertThat(ConfigDescription.of("d", method, secret, rows).field("password")).contains(secret);
  }

  @Test
  void aDefaultOrAllowedValueMustBeOfTheFieldsType() {
    assertThatThrownBy(() -> ConfigField.integer("n", "d").withDefault("3"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfigField.integer("n", "d").withDefault(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ConfigField.number("n", "d").withDefault(30).defaultValue()).contains(30);
    assertThatThrownBy(() -> ConfigField.string("s", "d").withAllowedValues(1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesAreUniqueAndTypeIsTheHosts() {
    ConfigField a = ConfigField.string("a", "d");
    assertThatThrownBy(() -> ConfigDescription.of("d", a, a))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfigDescription.of("d", ConfigField.string("type", "d")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfigField.rows("r", "d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRejectionChecksItsValues() {
    Rejection rejection = new Rejection(401, List.of("Bearer error=\"invalid_token\""), 1);
    assertThat(rejection.wwwAuthenticate()).hasSize(1);
    assertThatThrownBy(() -> new Rejection(42, List.of(), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rejection(401, List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPatternIsAValidRegexOfAStringAndAConditionNamesASibling() {
    ConfigField url = ConfigField.string("url", "d").withPattern("^https://");
    ConfigField method = ConfigField.string("method", "d").withAllowedValues("GET", "POST");
    ConfigField body = ConfigField.string("body", "d").onlyWhen("method", "POST");

    assertThat(url.pattern()).contains("^https://");
    assertThat(body.onlyWhen()).contains(new FieldCondition("method", List.of("POST")));
    assertThat(ConfigDescription.of("d", url, method, body).field("body")).contains(body);
    assertThat(url.asRequired().asSecret().pattern()).contains("^https://");
    assertThat(
            new ConfigField(
                    "a",
                    FieldType.STRING,
                    false,
                    Optional.empty(),
                    List.of(),
                    false,
                    "d",
                    List.of())
                .pattern())
        .isEmpty();
    assertThatThrownBy(() -> ConfigField.integer("n", "d").withPattern("1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> url.withPattern("(")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfigDescription.of("d", url, body))
        .hasMessageContaining("not a field");
    assertThatThrownBy(() -> ConfigDescription.of("d", method.onlyWhen("method", "GET")))
        .hasMessageContaining("itself");
    assertThatThrownBy(() -> ConfigDescription.of("d", method, body.onlyWhen("method", 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfigField.object("o", "d", body))
        .hasMessageContaining("not a field of o");
  }
}
