package io.customauth.plugin.custom.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshTimeTest {
  private static final Instant OBTAINED = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void safetyWindowIsCappedAtHalfTheLifetime() {
    Instant expiresAt = OBTAINED.plusSeconds(60);

    assertThat(RefreshTime.of(OBTAINED, expiresAt, Duration.ofSeconds(60)))
        .isEqualTo(OBTAINED.plusSeconds(30));
  }

  @Test
  void windowSmallerThanHalfTheLifetimeIsSubtractedFromExpiry() {
    Instant expiresAt = OBTAINED.plus(Duration.ofHours(1));

    assertThat(RefreshTime.of(OBTAINED, expiresAt, Duration.ofSeconds(60)))
        .isEqualTo(expiresAt.minusSeconds(60));
  }

  @Test
  void zeroWindowRefreshesAtExpiry() {
    Instant expiresAt = OBTAINED.plus(Duration.ofHours(1));

    assertThat(RefreshTime.of(OBTAINED, expiresAt, Duration.ZERO)).isEqualTo(expiresAt);
  }
}
