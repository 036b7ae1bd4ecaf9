package io.customauth.plugin.custom.exchange;

import static io.customauth.plugin.custom.fixtures.Configs.row;
import static io.customauth.plugin.custom.fixtures.Configs.rows;
import static io.customauth.plugin.custom.fixtures.FakeProvider.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.plugin.custom.fixtures.FakeProvider;
import io.customauth.plugin.custom.fixtures.FakeProvider.Request;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the provider receives for headers, jsonBody and basicAuth: checked on its side. */
class TokenRequestShapesTest {
  private static final String OK = "{\"access_token\":\"tok\",\"expires_in\":3600}";

  private final FakeProvider provider = FakeProvider.http();
  private final ExchangeHarness harness =
      new ExchangeHarness(
          Map.of(
              "API_KEY", "key-from-env",
              "PASSWORD", "pä:ss wörd",
              "CLIENT", "client-1",
              "ODD_CLIENT", "client:1"));

  @BeforeEach
  void answer() {
    provider.answer("/token", json(OK));
  }

  @AfterEach
  void stop() {
    provider.close();
    harness.close();
  }

  private Map<String, Object> config() {
    return Configs.custom(provider.url("/token"));
  }

  private Request sent(Map<String, Object> config) {
    harness.fetch(config);
    return provider.requests("/token").get(0);
  }

  private static String decodedBasic(Request request) {
    String header = request.header("Authorization");
    assertThat(header).startsWith("Basic ");
    return new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
  }

  @Test
  void sendsHeaderRowsWithRepeatedNamesInOrder() {
    Map<String, Object> config = config();
    config.put(
        "headers",
        rows(row("X-Tenant", "acme"), row("X-Scope", "a"), row("X-Scope", "b"), row("", "no")));

    Request request = sent(config);

    assertThat(request.headers().get("X-tenant")).containsExactly("acme");
    assertThat(request.headers().get("X-scope")).containsExactly("a", "b");
  }

  @Test
  void resolvesAReferenceInAHeaderValue() {
    Map<String, Object> config = config();
    config.put("headers", rows(row("X-Api-Key", "${env:API_KEY}")));

    assertThat(sent(config).header("X-Api-Key")).isEqualTo("key-from-env");
  }

  @Test
  void anAcceptHeaderRowReplacesTheDefaultAccept() {
    Map<String, Object> config = config();
    config.put("headers", rows(row("accept", "application/vnd.acme+json")));

    assertThat(sent(config).headers().get("Accept")).containsExactly("application/vnd.acme+json");
  }

  @Test
  void sendsTheJsonBodyExactlyWithNestedReferencesResolved() throws Exception {
    Map<String, Object> password = new LinkedHashMap<>();
    password.put("user", Map.of("name", "${env:CLIENT}", "password", "${env:PASSWORD}"));
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("methods", List.of("password"));
    identity.put("password", password);
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("identity", identity);
    auth.put("scope", Map.of("project", Map.of("id", "p1")));
    auth.put("lifetime", 3600);
    auth.put("renewable", true);
    auth.put("tags", List.of("${env:API_KEY}", List.of("x", Map.of("deep", "${env:CLIENT}"))));
    Map<String, Object> config = config();
    config.put("jsonBody", Map.of("auth", auth));

    Request request = sent(config);

    assertThat(new ObjectMapper().readTree(request.body()))
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    """
                    {"auth": {
                      "identity": {"methods": ["password"],
                        "password": {"user": {"name": "client-1", "password": "pä:ss wörd"}}},
                      "scope": {"project": {"id": "p1"}},
                      "lifetime": 3600,
                      "renewable": true,
                      "tags": ["key-from-env", ["x", {"deep": "client-1"}]]}}
                    """));
    assertThat(request.bodyText()).startsWith("{\"auth\":{\"identity\":{\"methods\":");
  }

  @Test
  void sendsTheJsonBodyAsApplicationJson() {
    Map<String, Object> config = config();
    config.put("jsonBody", Map.of("grant_type", "client_credentials"));

    Request request = sent(config);

    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.bodyText()).isEqualTo("{\"grant_type\":\"client_credentials\"}");
  }

  @Test
  void sendsBasicAuthWithNonAsciiAndColonsInThePassword() {
    Map<String, Object> config = config();
    config.put("basicAuth", Map.of("username", "client-1", "password", "pä:ss:wörd€"));

    assertThat(decodedBasic(sent(config))).isEqualTo("client-1:pä:ss:wörd€");
  }

  @Test
  void resolvesBothPartsOfBasicAuth() {
    Map<String, Object> config = config();
    config.put("basicAuth", Map.of("username", "${env:CLIENT}", "password", "${env:PASSWORD}"));

    assertThat(decodedBasic(sent(config))).isEqualTo("client-1:pä:ss wörd");
  }

  @Test
  void basicAuthGoesWithAFormBody() {
    Map<String, Object> config = config();
    config.put("basicAuth", Map.of("username", "u", "password", "p"));
    config.put("requestBody", rows(row("grant_type", "client_credentials")));

    Request request = sent(config);

    assertThat(decodedBasic(request)).isEqualTo("u:p");
    assertThat(request.formPairs()).containsExactly(Map.entry("grant_type", "client_credentials"));
  }

  @Test
  void aUsernameWithAColonOnceResolvedIsRefusedAndNothingIsSent() {
    Map<String, Object> config = config();
    config.put("basicAuth", Map.of("username", "${env:ODD_CLIENT}", "password", "p"));

    AuthException e = harness.failure(config);

    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(e.violations())
        .extracting(ConfigViolation::path)
        .containsExactly("basicAuth.username");
    assertThat(e.getMessage()).doesNotContain("client:1");
    assertThat(provider.requests("/token")).isEmpty();
  }

  @Test
  void aHeaderValueWithALineBreakOnceResolvedIsRefusedAndNothingIsSent() {
    ExchangeHarness withBreak = new ExchangeHarness(Map.of("EVIL", "a\r\nX-Injected: 1"));
    Map<String, Object> config = config();
    config.put("headers", rows(row("X-Api-Key", "${env:EVIL}")));

    try (withBreak) {
      AuthException e = withBreak.failure(config);

      assertThat(e.violations())
          .containsExactly(
              new ConfigViolation(
                  "headers[0].value",
                  "contains a line break; a header value may hold visible ASCII characters and"
                      + " spaces only"));
    }
    assertThat(provider.requests("/token")).isEmpty();
  }
}
