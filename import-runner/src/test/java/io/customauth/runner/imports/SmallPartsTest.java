package io.customauth.runner.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.imports.upload.RetryPolicy;
import io.customauth.runner.imports.upload.UploadUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmallPartsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void projectIdIsPercentEncodedAsOneSegment() {
    assertThat(UploadUrl.expand("https://h.example/p/{project}/r", "a b/c?d#é").toString())
        .isEqualTo("https://h.example/p/a%20b%2Fc%3Fd%23%C3%A9/r");
  }

  @Test
  void retryAfterInSeconds() {
    assertThat(RetryPolicy.parseRetryAfter("12", clock)).contains(Duration.ofSeconds(12));
  }

  @Test
  void retryAfterAsHttpDateIsCountedFromTheClock() {
    assertThat(RetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", clock))
        .contains(Duration.ofMinutes(1));
  }

  @Test
  void retryAfterInThePastOrUnparseable() {
    assertThat(RetryPolicy.parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", clock))
        .contains(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("soon", clock)).isEmpty();
  }

  @Test
  void backoffDoublesWithJitterWithinBounds() {
    RetryPolicy low = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);
    RetryPolicy high = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999);

    assertThat(low.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(50));
    assertThat(high.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(99));
    assertThat(low.delay(3, Optional.empty())).isEqualTo(Duration.ofMillis(200));
    assertThat(high.delay(30, Optional.empty())).isLessThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void retryAfterIsCappedAtTheLongestWait() {
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(60), () -> 0.5);

    assertThat(policy.delay(1, Optional.of(Duration.ofHours(3)))).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void importIdsAreShortUrlSafeAndDistinct() {
    String a = ImportIds.newId();
    String b = ImportIds.newId();

    assertThat(a).matches("imp-[a-z2-7]{12}");
    assertThat(ImportIds.isValid(a)).isTrue();
    assertThat(a).isNotEqualTo(b);
  }
}
