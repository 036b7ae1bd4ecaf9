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
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of headers, jsonBody and basicAuth: every refusal says why. */
class RequestShapeConfigTest {
  private static Map<String, Object> valid() {
    return Configs.custom("https://auth.acme.example/token");
  }

  private static List<ConfigViolation> violations(Map<String, Object> config) {
    return ConfigReader.violations(config);
  }

  @Test
  void acceptsHeadersJsonBodyAndBasicAuthTogether() {
    Map<String, Object> config = valid();
    config.put("headers", rows(row("X-Tenant", "acme"), row("X-Key", "${env:KEY}")));
    config.put("jsonBody", Map.of("auth", Map.of("identity", List.of("${env:PASSWORD}"))));
    config.put("basicAuth", Map.of("username", "client", "password", "${env:SECRET}"));

    assertThat(violations(config)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Host, comes from authenticationUrl",
    "host, comes from authenticationUrl",
    "Content-Length, the HTTP client sets for the body it sends",
    "TRANSFER-ENCODING, the HTTP client sets for the body it sends",
    "content-type, follows from the body",
    "Connection, the HTTP client manages",
  })
  void refusesAHeaderTheRequestItselfDecides(String name, String why) {
    Map<String, Object> config = valid();
    config.put("headers", rows(row("X-Ok", "1"), row(name, "x")));

    assertThat(violations(config))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("headers[1].key");
              assertThat(v.message()).contains(why);
            });
  }

  @Test
  void refusesAnAuthorizationHeaderWithBasicAuth() {
    Map<String, Object> config = valid();
    config.put("headers", rows(row("authorization", "Bearer x")));
    config.put("basicAuth", Map.of("username", "u", "password", "p"));

    assertThat(violations(config))
        .containsExactly(
            new ConfigViolation(
                "headers[0].key",
                "names Authorization, which basicAuth sets; keep either the header or basicAuth"));
  }

  @Test
  void acceptsAnAuthorizationHeaderWithoutBasicAuth() {
    Map<String, Object> config = valid();
    config.put("headers", rows(row("Authorization", "ApiKey ${env:KEY}")));

    assertThat(violations(config)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"X Tenant", "X-Tenant:", "X-Ténant"})
  void refusesAHeaderNameThatIsNoHttpToken(String name) {
    Map<String, Object> config = valid();
    config.put("headers", rows(row(name, "x")));

    assertThat(violations(config))
        .containsExactly(new ConfigViolation("headers[0].key", "must be a valid HTTP header name"));
  }

  @Test
  void refusesAHeaderValueWithALineBreakWithoutShowingIt() {
    Map<String, Object> config = valid();
    config.put("headers", rows(row("X-Tenant", "SECRET\r\nX-Evil: 1")));

    assertThat(violations(config))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("headers[0].value");
              assertThat(v.message()).contains("a line break").doesNotContain("SECRET");
            });
  }

  @Test
  void refusesJsonBodyTogetherWithRequestBody() {
    Map<String, Object> config = valid();
    config.put("requestBody", rows(row("a", "b")));
    config.put("jsonBody", Map.of("a", "b"));

    assertThat(violations(config))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("jsonBody");
              assertThat(v.message()).startsWith("cannot be used together with requestBody");
            });
  }

  @Test
  void refusesJsonBodyWithGet() {
    Map<String, Object> config = valid();
    config.put("method", "GET");
    config.put("jsonBody", Map.of("a", "b"));

    assertThat(violations(config))
        .containsExactly(new ConfigViolation("jsonBody", "is only allowed when method is POST"));
  }

  @Test
  void refusesAJsonBodyThatIsNoObject() {
    Map<String, Object> config = valid();
    config.put("jsonBody", List.of("a"));

    assertThat(violations(config))
        .containsExactly(new ConfigViolation("jsonBody", "must be a JSON object"));
  }

  @Test
  void refusesAUsernameWithAColonWithoutShowingIt() {
    Map<String, Object> config = valid();
    config.put("basicAuth", Map.of("username", "SECRET:user", "password", "p"));

    assertThat(violations(config))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("basicAuth.username");
              assertThat(v.message()).contains("must not contain a colon").doesNotContain("SECRET");
            });
  }

  @Test
  void acceptsColonsAndNonAsciiInThePassword() {
    Map<String, Object> config = valid();
    config.put("basicAuth", Map.of("username", "ü-user", "password", "p:ä:ß"));

    assertThat(violations(config)).isEmpty();
  }

  @Test
  void leavesAReferencedUsernameToBeCheckedWhenResolved() {
    Map<String, Object> config = valid();
    config.put("basicAuth", Map.of("username", "${env:CLIENT_ID}", "password", "${file:pw}"));

    assertThat(violations(config)).isEmpty();
  }

  @Test
  void refusesAControlCharacterInThePassword() {
    Map<String, Object> config = valid();
    config.put("basicAuth", Map.of("username", "u", "password", "p\u0000"));

    assertThat(violations(config))
        .extracting(ConfigViolation::path)
        .containsExactly("basicAuth.password");
  }

  @Test
  void requiresBothPartsOfBasicAuth() {
    Map<String, Object> config = valid();
    config.put("basicAuth", Map.of("user", "u"));

    assertThat(violations(config))
        .containsExactly(
            new ConfigViolation(
                "basicAuth.user",
                "unknown field; did you mean username? Known fields: username, password"));
  }

  @Test
  void requiresAPasswordWithAUsername() {
    Map<String, Object> config = valid();
    config.put("basicAuth", Map.of("username", "u"));

    assertThat(violations(config))
        .containsExactly(new ConfigViolation("basicAuth.password", "is required"));
  }

  @Test
  void toStringRedactsTheJsonBodyBasicAuthAndHeaderValues() {
    Map<String, Object> config = valid();
    config.put("headers", rows(row("X-Key", "HEADER-SECRET")));
    config.put("jsonBody", Map.of("password", "JSON-SECRET"));
    config.put("basicAuth", Map.of("username", "USER-SECRET", "password", "PASS-SECRET"));

    assertThat(ConfigReader.read(config).toString())
        .contains("X-Key")
        .doesNotContain("HEADER-SECRET", "JSON-SECRET", "USER-SECRET", "PASS-SECRET");
  }
}
