package io.customauth.runner.imports.upload;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before attempt {@code n + 1}: exponential backoff with jitter, or what the
 * server asked for in {@code Retry-After} (capped, so a hostile or broken server cannot park the
 * import for hours).
 *
 * @param base the wait before the second attempt, before jitter
 * @param max the longest wait between two attempts, {@code Retry-After} included
 * @param random a source of numbers in [0, 1) for jitter
 */
public record RetryPolicy(Duration base, Duration max, DoubleSupplier random) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          Duration.ofMillis(500),
          Duration.ofSeconds(60),
          () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());

  public RetryPolicy {
    requireNonNull(base, "base");
    requireNonNull(max, "max");
    requireNonNull(random, "random");
    if (base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 <= base <= max");
    }
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based). With no {@code Retry-After} it is
   * "equal jitter": half of {@code base * 2^(attempt-1)} plus a random share of the other half, so
   * many clients that failed together do not come back together.
   */
  public Duration delay(int attempt, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get();
      return asked.compareTo(max) > 0 ? max : asked;
    }
    long exponential = base.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(Math.max(exponential, 0), max.toMillis());
    long half = capped / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
  }

  /**
   * Parses a {@code Retry-After} header: delta-seconds or an HTTP date (RFC 9110), relative to
   * {@code clock}. A date in the past means no wait; anything unparseable is ignored.
   */
  public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    if (trimmed.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
