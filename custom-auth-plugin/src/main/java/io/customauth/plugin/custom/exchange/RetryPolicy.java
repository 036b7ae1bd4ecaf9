package io.customauth.plugin.custom.exchange;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How often and after what wait a failed token request is tried again: exponential backoff with
 * jitter, or what the provider asked for with {@code Retry-After}, each wait capped.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param firstDelay the backoff before the second attempt, doubled for each further one
 * @param maxDelay no wait is longer, whatever the backoff or {@code Retry-After}
 * @param jitter numbers in {@code [0, 1)}; the backoff is scaled by {@code 0.5 + jitter / 2} so
 *     that many clients failing together do not retry together
 */
public record RetryPolicy(
    int maxAttempts, Duration firstDelay, Duration maxDelay, DoubleSupplier jitter) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          3,
          Duration.ofMillis(500),
          Duration.ofSeconds(30),
          () -> ThreadLocalRandom.current().nextDouble());

  public RetryPolicy {
    requireNonNull(firstDelay, "firstDelay");
    requireNonNull(maxDelay, "maxDelay");
    requireNonNull(jitter, "jitter");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based).
   *
   * @param retryAfter the provider's {@code Retry-After} header, if it sent one
   */
  public Duration delay(int attempt, Optional<String> retryAfter, Clock clock) {
    Duration wait =
        retryAfter
            .flatMap(value -> parseRetryAfter(value, clock))
            .orElseGet(() -> backoff(attempt));
    return wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
  }

  private Duration backoff(int attempt) {
    long base = firstDelay.toMillis() << Math.min(attempt - 1, 20);
    double scale = 0.5 + jitter.getAsDouble() / 2;
    return Duration.ofMillis(Math.min(maxDelay.toMillis(), (long) (base * scale)));
  }

  /** Delta-seconds or an HTTP-date (RFC 9110); a date in the past means now. */
  static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    String text = value.trim();
    if (text.matches("\\d{1,10}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
