package io.customauth.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards the published contract: plugins compiled against this SPI must keep working, so its
 * interfaces only grow by {@code default} methods.
 */
class SpiSurfaceTest {
  @Test
  void aPluginImplementsOnlyTheseAbstractMethods() {
    assertThat(abstractMethods(AuthStrategyFactory.class))
        .containsExactly("create", "type", "validate");
    assertThat(abstractMethods(AuthStrategy.class))
        .containsExactly("apply", "close", "credential", "rejected", "type");
    assertThat(abstractMethods(AuthContext.class)).containsExactly("clock", "scheduler");
    assertThat(abstractMethods(OutgoingRequest.class))
        .containsExactly("addQueryParameter", "setHeader");
  }

  @Test
  void spiOneOneAddsOnlyDefaultMethods() throws Exception {
    assertThat(
            AuthStrategy.class.getMethod("rejected", Credential.class, Rejection.class).isDefault())
        .isTrue();
    assertThat(AuthStrategyFactory.class.getMethod("describeConfig").isDefault()).isTrue();
    assertThat(AuthContext.class.getMethod("resolvePath", String.class, String.class).isDefault())
        .isTrue();
    for (String name : List.of("method", "uri", "headers", "body")) {
      assertThat(OutgoingRequest.class.getMethod(name).isDefault()).as(name).isTrue();
    }
  }

  @Test
  void theErrorCodesAreStable() {
    assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name))
        .containsExactly(
            "CONFIG_INVALID",
            "BAD_REQUEST",
            "INVALID_CREDENTIALS",
            "NOT_JSON",
            "TOKEN_KEY_MISSING",
            "EXPIRY_KEY_MISSING",
            "EXPIRY_INVALID",
            "ENDPOINT_UNAVAILABLE",
            "TLS_FAILURE",
            "RESPONSE_TOO_LARGE",
            "TOKEN_UNUSABLE");
  }

  @Test
  void aCredentialKeepsTheConstructorAndAccessorsOfVersionZeroOne() throws Exception {
    assertThat(Credential.class.getConstructor(String.class, Instant.class, Instant.class))
        .isNotNull();
    assertThat(Credential.class.getMethod("expiresAt").getReturnType()).isEqualTo(Instant.class);
    assertThat(Credential.class.getMethod("refreshAt").getReturnType()).isEqualTo(Instant.class);
  }

  private static List<String> abstractMethods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(method -> Modifier.isAbstract(method.getModifiers()))
        .map(Method::getName)
        .sorted()
        .toList();
  }
}
