package io.customauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthExceptionTest {
  @Test
  void invalidConfigListsEveryViolationAsPathAndMessage() {
    AuthException error =
        AuthException.invalidConfig(
            List.of(
                new ConfigViolation("method", "must be GET or POST"),
                new ConfigViolation("requestBody[1].key", "must not be blank")));

    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(error.hint()).isEqualTo("fix the named fields");
    assertThat(error.violations()).hasSize(2);
    assertThat(error.getMessage())
        .contains("2 problems", "method: must be GET or POST", "requestBody[1].key: must not");
  }

  @Test
  void invalidConfigNeedsAViolation() {
    assertThatThrownBy(() -> AuthException.invalidConfig(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void carriesTheLastHttpStatusWhenThereWasOne() {
    AuthException withStatus =
        new AuthException(ErrorCode.ENDPOINT_UNAVAILABLE, "gave up after 3 attempts", 503, null);
    AuthException withoutStatus = new AuthException(ErrorCode.TLS_FAILURE, "untrusted");

    assertThat(withStatus.httpStatus()).hasValue(503);
    assertThat(withoutStatus.httpStatus()).isEmpty();
    assertThat(withoutStatus.violations()).isEmpty();
  }

  @Test
  void everyCodeHasTheHintOfTheTroubleshootingTable() {
    assertThat(ErrorCode.BAD_REQUEST.hint())
        .isEqualTo("verify query/body keys match the provider's spec");
    assertThat(ErrorCode.INVALID_CREDENTIALS.hint())
        .isEqualTo("ensure secrets and scopes are correct");
    assertThat(ErrorCode.NOT_JSON.hint()).isEqualTo("ensure the endpoint returns application/json");
    assertThat(ErrorCode.EXPIRY_INVALID.hint()).isEqualTo("check expiry field name & type");
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(code.hint()).as(code.name()).isNotBlank();
    }
  }

  @Test
  void aViolationWithoutPathIsJustItsMessage() {
    assertThat(new ConfigViolation("", "the auth block is missing").toString())
        .isEqualTo("the auth block is missing");
  }
}
