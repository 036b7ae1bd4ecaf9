package io.customauth.plugin.custom.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.plugin.custom.fixtures.FakeProvider;
import io.customauth.plugin.custom.fixtures.FakeProvider.Answer;
import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A 4xx naming an RFC 6749 section 5.2 error code says which; nothing else it says is shown. */
class OAuthErrorTest {
  private final FakeProvider provider = FakeProvider.http();
  private final ExchangeHarness harness = new ExchangeHarness();

  @AfterEach
  void stop() {
    provider.close();
    harness.close();
  }

  private AuthException failureAnswering(int status, String body) {
    provider.answer("/token", Answer.of(status, "application/json", body));
    return harness.failure(Configs.custom(provider.url("/token")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "invalid_request, is missing a parameter",
    "invalid_client, client authentication failed",
    "invalid_grant, the grant (refresh token, code or credentials) is invalid",
    "unauthorized_client, not allowed to use this grant type",
    "unsupported_grant_type, does not support this grant_type",
    "invalid_scope, the requested scope is invalid",
  })
  void a400NamesTheRfc6749ErrorCode(String code, String meaning) {
    AuthException e = failureAnswering(400, "{\"error\":\"" + code + "\"}");

    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(e.getMessage())
        .startsWith("the token endpoint answered HTTP 400 " + code + ": ")
        .contains(meaning);
  }

  @Test
  void a401KeepsItsErrorCodeAndNamesTheRfc6749Code() {
    AuthException e = failureAnswering(401, "{\"error\":\"invalid_client\"}");

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
    assertThat(e.getMessage()).startsWith("the token endpoint answered HTTP 401 invalid_client: ");
    assertThat(provider.requests("/token")).hasSize(1);
  }

  @Test
  void theErrorDescriptionIsNeverShown() {
    AuthException e =
        failureAnswering(
            400,
            "{\"error\":\"invalid_grant\",\"error_description\":\"DESCRIPTION-SECRET\","
                + "\"error_uri\":\"https://x.example/URI-SECRET\"}");

    assertThat(e.getMessage())
        .startsWith("the token endpoint answered HTTP 400 invalid_grant: ")
        .doesNotContain("DESCRIPTION-SECRET", "URI-SECRET");
  }

  @Test
  void anErrorValueOutsideRfc6749IsNotShown() {
    AuthException e = failureAnswering(400, "{\"error\":\"SECRET-custom_failure\"}");

    assertThat(e.getMessage())
        .isEqualTo(
            "the token endpoint answered HTTP 400 Bad Request: a parameter is missing or wrong");
  }

  @Test
  void anErrorCodeThatIsNotAStringIsNotShown() {
    AuthException e = failureAnswering(403, "{\"error\":{\"code\":\"invalid_grant\"}}");

    assertThat(e.getMessage())
        .isEqualTo("the token endpoint refused the credentials with HTTP 403");
  }

  @Test
  void anErrorAnswerThatIsNoJsonKeepsTheStatusMessage() {
    provider.answer("/token", Answer.of(400, "text/html", "<h1>invalid_grant</h1>"));

    AuthException e = harness.failure(Configs.custom(provider.url("/token")));

    assertThat(e.getMessage()).startsWith("the token endpoint answered HTTP 400 Bad Request");
  }

  @Test
  void anotherClientErrorNamesTheCodeToo() {
    AuthException e = failureAnswering(422, "{\"error\":\"invalid_scope\"}");

    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(e.getMessage()).startsWith("the token endpoint answered HTTP 422 invalid_scope: ");
  }
}
