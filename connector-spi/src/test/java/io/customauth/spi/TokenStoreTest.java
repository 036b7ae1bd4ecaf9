package io.customauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
  @Test
  void anEntryNeverShowsItsValue() {
    TokenStore.Entry entry =
        new TokenStore.Entry("secret-token", Optional.of(Instant.parse("2030-01-01T00:00:00Z")));

    assertThat(entry.toString())
        .doesNotContain("secret-token")
        .contains("REDACTED", "2030-01-01T00:00:00Z");
  }

  @Test
  void anEntryHasAValue() {
    assertThatThrownBy(() -> new TokenStore.Entry("", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aContextOffersNoStoreUnlessTheHostHasOne() {
    AuthContext context =
        new AuthContext() {
          @Override
          public Clock clock() {
            return Clock.systemUTC();
          }

          @Override
          public ScheduledExecutorService scheduler() {
            return null;
          }
        };

    assertThat(context.tokenStore()).isEmpty();
    assertThat(
            Arrays.stream(AuthContext.class.getDeclaredMethods())
                .filter(method -> method.getName().equals("tokenStore"))
                .allMatch(method -> !Modifier.isAbstract(method.getModifiers())))
        .isTrue();
  }
}
