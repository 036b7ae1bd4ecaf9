package io.customauth.plugin.custom;

import static io.customauth.plugin.custom.fixtures.Configs.row;
import static io.customauth.plugin.custom.fixtures.Configs.rows;
import static io.customauth.plugin.custom.fixtures.FakeProvider.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.customauth.plugin.custom.config.ConfigReader;
import io.customauth.plugin.custom.exchange.RetryPolicy;
import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.plugin.custom.fixtures.FakeProvider;
import io.customauth.plugin.custom.fixtures.FakeProvider.Answer;
import io.customauth.plugin.custom.fixtures.RecordingContext;
import io.customauth.spi.AuthException;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With a known secret in the query and body and a known token in the answer, nothing the plugin
 * logs, throws or prints contains either, on success and on failure.
 */
class SecretsNeverShownTest {
  private static final String BODY_SECRET = "BODY-S3CRET-value";
  private static final String QUERY_SECRET = "QUERY-S3CRET-value";
  private static final String TOKEN = "TOKEN-S3CRET-value";
  private static final String HEADER_SECRET = "HEADER-S3CRET-value";
  private static final String BASIC_USER = "BASICUSER-S3CRET-value";
  private static final String BASIC_PASSWORD = "BASICPASS-S3CRET-value";
  private static final String JSON_SECRET = "JSON-S3CRET-value";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final FakeProvider provider = FakeProvider.http();
  private final RecordingContext context =
      new RecordingContext(CLOCK, Map.of("CLIENT_SECRET", BODY_SECRET, "JSON_SECRET", JSON_SECRET));
  private final List<String> shown = new ArrayList<>();

  /** Whether the body is a nested jsonBody with a referenced secret instead of the form. */
  private boolean jsonBody;

  /** Fields that replace (or, when null, remove) default ones: where the token is and so on. */
  private final Map<String, Object> overrides = new java.util.LinkedHashMap<>();

  @AfterEach
  void stop() {
    provider.close();
    context.close();
  }

  private Map<String, Object> config() {
    Map<String, Object> config = Configs.custom(provider.url("/token"));
    config.put("queryParameters", rows(row("api_key", QUERY_SECRET)));
    config.put("headers", rows(row("X-Api-Key", HEADER_SECRET)));
    config.put("basicAuth", Map.of("username", BASIC_USER, "password", BASIC_PASSWORD));
    if (jsonBody) {
      config.put(
          "jsonBody",
          Map.of("auth", Map.of("secrets", List.of("${env:JSON_SECRET}", "${env:CLIENT_SECRET}"))));
    } else {
      config.put(
          "requestBody", rows(row("client_id", "c"), row("client_secret", "${env:CLIENT_SECRET}")));
    }
    // A null override removes the field.
    overrides.forEach((key, value) -> config.compute(key, (k, old) -> value));
    return config;
  }

  private AuthStrategy strategy() {
    AuthStrategy strategy =
        new CustomAuthStrategyFactory()
            .create(
                config(),
                context,
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), () -> 0.0),
                duration -> {});
    shown.add(strategy.toString());
    shown.add(ConfigReader.read(config()).toString());
    return strategy;
  }

  private AuthException failureAnswering(Answer... answers) {
    provider.answer("/token", answers);
    try (AuthStrategy strategy = strategy()) {
      AuthException e = catchThrowableOfType(AuthException.class, strategy::credential);
      shown.add(RecordingContext.stackTrace(e));
      shown.add(e.toString());
      e.violations().forEach(v -> shown.add(v.toString()));
      return e;
    }
  }

  private void assertNoSecretShown() {
    shown.addAll(context.logged());
    assertThat(String.join("\n", shown))
        .isNotEmpty()
        .doesNotContain(BODY_SECRET)
        .doesNotContain(QUERY_SECRET)
        .doesNotContain(TOKEN)
        .doesNotContain(HEADER_SECRET)
        .doesNotContain(BASIC_USER)
        .doesNotContain(BASIC_PASSWORD)
        .doesNotContain(base64(BASIC_USER + ":" + BASIC_PASSWORD))
        .doesNotContain(JSON_SECRET);
  }

  private static String base64(String text) {
    return java.util.Base64.getEncoder()
        .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void theSecretsReallyAreSent() {
    provider.answer("/token", json("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}"));
    try (AuthStrategy strategy = strategy()) {
      assertThat(strategy.credential().token()).isEqualTo(TOKEN);
    }
    FakeProvider.Request request = provider.requests("/token").get(0);

    assertThat(request.rawQuery()).contains(QUERY_SECRET);
    assertThat(request.bodyText()).contains(BODY_SECRET);
    assertThat(request.header("X-Api-Key")).isEqualTo(HEADER_SECRET);
    assertThat(request.header("Authorization"))
        .isEqualTo("Basic " + base64(BASIC_USER + ":" + BASIC_PASSWORD));
  }

  @Test
  void theJsonBodySecretsReallyAreSent() {
    jsonBody = true;
    provider.answer("/token", json("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}"));
    try (AuthStrategy strategy = strategy()) {
      strategy.credential();
    }

    assertThat(provider.requests("/token").get(0).bodyText())
        .contains(JSON_SECRET)
        .contains(BODY_SECRET);
  }

  @Test
  void successWithAJsonBodyShowsNoSecret() {
    jsonBody = true;
    provider.answer("/token", json("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}"));
    try (AuthStrategy strategy = strategy()) {
      shown.add(strategy.credential().toString());
    }

    assertNoSecretShown();
  }

  @Test
  void aFailureWithAJsonBodyShowsNoSecret() {
    jsonBody = true;
    AuthException e =
        failureAnswering(Answer.of(400, "application/json", "{\"error\":\"" + JSON_SECRET + "\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertNoSecretShown();
  }

  @Test
  void successShowsNoSecret() {
    provider.answer("/token", json("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}"));
    try (AuthStrategy strategy = strategy()) {
      Credential credential = strategy.credential();
      shown.add(credential.toString());
      shown.add(context.refreshed().toString());
    }

    assertNoSecretShown();
  }

  @Test
  void aMisnamedTokenKeyShowsNoSecret() {
    AuthException e =
        failureAnswering(json("{\"accessToken\":\"" + TOKEN + "\",\"expires_in\":3600}"));

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_KEY_MISSING);
    assertNoSecretShown();
  }

  @Test
  void aMissingExpiryShowsNoSecret() {
    AuthException e = failureAnswering(json("{\"access_token\":\"" + TOKEN + "\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_KEY_MISSING);
    assertNoSecretShown();
  }

  @Test
  void anInvalidExpiryShowsNoSecret() {
    AuthException e =
        failureAnswering(
            json("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":\"" + TOKEN + "\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
    assertNoSecretShown();
  }

  @Test
  void aBodyThatIsNotJsonShowsNoSecret() {
    AuthException e =
        failureAnswering(Answer.of(200, "text/html", "<p>" + TOKEN + " " + BODY_SECRET + "</p>"));

    assertThat(e.code()).isEqualTo(ErrorCode.NOT_JSON);
    assertNoSecretShown();
  }

  @Test
  void brokenJsonEchoingTheTokenShowsNoSecret() {
    AuthException e = failureAnswering(json("{\"access_token\":\"" + TOKEN + "\", oops"));

    assertThat(e.code()).isEqualTo(ErrorCode.NOT_JSON);
    assertNoSecretShown();
  }

  @Test
  void refusedCredentialsShowNoSecret() {
    AuthException e =
        failureAnswering(
            Answer.of(401, "application/json", "{\"error\":\"bad secret " + BODY_SECRET + "\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
    assertNoSecretShown();
  }

  @Test
  void retriedServerErrorsShowNoSecret() {
    AuthException e =
        failureAnswering(Answer.of(503, "text/plain", "down " + TOKEN + " " + QUERY_SECRET));

    assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE);
    assertThat(context.logged()).isNotEmpty();
    assertNoSecretShown();
  }

  @Test
  void anUnresolvableReferenceShowsNoSecret() {
    Map<String, Object> config = config();
    config.put("requestBody", rows(row("client_secret", "${env:NOT_SET}")));
    try (AuthStrategy strategy = new CustomAuthStrategyFactory().create(config, context)) {
      AuthException e = catchThrowableOfType(AuthException.class, strategy::credential);
      shown.add(RecordingContext.stackTrace(e));

      assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    }
    assertNoSecretShown();
  }

  @Test
  void anRfc6749ErrorEchoingSecretsShowsOnlyItsCode() {
    AuthException e =
        failureAnswering(
            Answer.of(
                400,
                "application/json",
                "{\"error\":\"invalid_grant\",\"error_description\":\"bad "
                    + BODY_SECRET
                    + " "
                    + BASIC_PASSWORD
                    + "\"}"));

    assertThat(e.getMessage()).contains("invalid_grant");
    assertNoSecretShown();
  }

  @Test
  void aMissingHeaderTokenShowsNoTokenFromOtherHeaders() {
    overrides.put("tokenFrom", "header");
    overrides.put("tokenKeyName", "X-Subject-Token");
    overrides.put("expiryType", "none");
    overrides.put("expiryKeyName", null);
    AuthException e = failureAnswering(json("{}").withHeader("X-Auth-Token", TOKEN));

    assertThat(e.getMessage()).startsWith("the answer has no header 'X-Subject-Token'");
    assertNoSecretShown();
  }

  @Test
  void aMissingCookieTokenShowsNoTokenFromOtherCookies() {
    overrides.put("tokenFrom", "cookie");
    overrides.put("tokenKeyName", "sid");
    overrides.put("expiryType", "none");
    overrides.put("expiryKeyName", null);
    AuthException e =
        failureAnswering(json("{}").withHeader("Set-Cookie", "session=" + TOKEN + "; HttpOnly"));

    assertThat(e.getMessage()).startsWith("the answer sets no cookie 'sid'");
    assertNoSecretShown();
  }

  @Test
  void aJwtWithoutExpShowsNoClaimValueNorTheToken() {
    String payload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"sub\":\"" + TOKEN + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    overrides.put("expiryType", "jwt");
    overrides.put("expiryKeyName", null);
    AuthException e = failureAnswering(json("{\"access_token\":\"e30." + payload + ".c2ln\"}"));

    assertThat(e.getMessage()).contains("a JWT without an exp claim");
    assertNoSecretShown();
  }
}
