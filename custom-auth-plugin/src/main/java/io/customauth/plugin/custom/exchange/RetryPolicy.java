package io.customauth.plugin.custom.exchange;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.utils.DateUtils;

/**
 * How often and after what wait a failed token request is tried again: the product's one backoff
 * semantics ({@link Backoff}: equal jitter on the capped exponential), unless the provider said
 * when to come back with {@code Retry-After}. That wait replaces the computed one when it is at
 * most {@link #LONGEST_RETRY_AFTER}; a longer one is not waited out: the call fails at once and
 * says until when the provider asked to wait.
 *
 * <p>{@code Retry-After} is delta-seconds or an HTTP-date in any of the three forms of RFC 9110
 * (IMF-fixdate, RFC 850, asctime); a date in the past means no wait; anything else is ignored.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param base the delay after the first failure, before jitter; doubled for each further one
 * @param cap no computed delay is longer, before jitter
 * @param random numbers in {@code [0, 1)} for the jitter
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap, DoubleSupplier random) {
  /** The longest {@code Retry-After} waited out. */
  public static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(10);

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          3,
          Duration.ofMillis(500),
          Duration.ofSeconds(30),
          () -> ThreadLocalRandom.current().nextDouble());

  private static final Pattern DELTA_SECONDS = Pattern.compile("\\d+");
  private static final Pattern SPACES = Pattern.compile(" +");

  public RetryPolicy {
    requireNonNull(base, "base");
    requireNonNull(cap, "cap");
    requireNonNull(random, "random");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (base.isNegative() || cap.isNegative()) {
      throw new IllegalArgumentException("base and cap must not be negative");
    }
  }

  /** The same waits with {@code attempts} attempts in all: {@code maxAttempts} of the config. */
  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, base, cap, random);
  }

  /** The provider asked to wait longer than {@link #LONGEST_RETRY_AFTER}. */
  public static final class WaitTooLong extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Instant until;

    WaitTooLong(Instant until) {
      super("the provider asked to wait until " + until, null, false, false);
      this.until = until;
    }

    /** When the provider asked to be called again. */
    public Instant until() {
      return until;
    }
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based).
   *
   * @param retryAfter the provider's {@code Retry-After} header, if it sent one
   * @param now the current time, for HTTP-dates
   * @throws WaitTooLong when {@code Retry-After} asks for more than {@link #LONGEST_RETRY_AFTER}
   */
  public Duration delay(int attempt, Optional<String> retryAfter, Instant now) throws WaitTooLong {
    Optional<Instant> until = retryAfter.flatMap(value -> retryAfter(value, now));
    if (until.isPresent()) {
      Duration wait = Duration.between(now, until.get());
      if (wait.compareTo(LONGEST_RETRY_AFTER) > 0) {
        throw new WaitTooLong(until.get());
      }
      return wait.isNegative() ? Duration.ZERO : wait;
    }
    return Duration.ofMillis(
        Backoff.waitMillis(attempt, base.toMillis(), cap.toMillis(), random.getAsDouble()));
  }

  /** When {@code value} asks to be called again; empty when it is no Retry-After value. */
  static Optional<Instant> retryAfter(String value, Instant now) {
    String text = value.trim();
    if (DELTA_SECONDS.matcher(text).matches()) {
      // So many digits cannot be waited out anyway; this keeps the arithmetic in range.
      return Optional.of(text.length() > 12 ? Instant.MAX : now.plusSeconds(Long.parseLong(text)));
    }
    // asctime pads a one-digit day with a space ("Nov  6"), which DateUtils does not accept,
    // and its asctime formatter has no zone, though asctime dates are GMT.
    return Optional.ofNullable(
        DateUtils.parseDate(
            SPACES.matcher(text).replaceAll(" "),
            DateUtils.FORMATTER_RFC1123,
            DateUtils.FORMATTER_RFC1036,
            DateUtils.FORMATTER_ASCTIME.withZone(ZoneOffset.UTC)));
  }
}
