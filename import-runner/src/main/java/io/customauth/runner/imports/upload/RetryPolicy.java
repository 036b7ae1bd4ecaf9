package io.customauth.runner.imports.upload;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.apache.hc.client5.http.utils.DateUtils;

/**
 * How long to wait before sending a batch again. The semantics are shared with the token exchange
 * of the custom plugin (two copies of the code, one behaviour; the test vectors in {@code
 * testdata/backoff-vectors.csv} at the repository root pin both):
 *
 * <ul>
 *   <li>Equal jitter on the capped exponential: {@code delay(n) = min(cap, base * 2^(n-1))} for
 *       attempt {@code n >= 1}; the wait is {@code delay/2 + random * delay/2}, rounded down to
 *       whole milliseconds, with {@code random} in {@code [0, 1)}.
 *   <li>A {@code Retry-After} in seconds or as an HTTP date (any of the three forms of RFC 9110,
 *       counted from the clock's now; a date in the past means 0) replaces that wait when it is at
 *       most {@link #LONGEST_RETRY_AFTER}; a longer one means {@link GiveUp}: do not wait it out.
 *   <li>An unparseable {@code Retry-After} is ignored.
 * </ul>
 *
 * <p>Immutable and thread-safe when {@code random} is.
 *
 * @param base the exponential's first value (the delay after attempt 1); whole milliseconds, at
 *     least 1 ms
 * @param cap the largest delay the exponential reaches; at least {@code base}. Does not bound a
 *     {@code Retry-After}
 * @param random numbers in {@code [0, 1)} for the jitter
 */
public record RetryPolicy(Duration base, Duration cap, DoubleSupplier random) {
  /** The longest {@code Retry-After} that is waited out; a longer one stops the import. */
  public static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(10);

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          Duration.ofMillis(500),
          Duration.ofSeconds(60),
          () -> ThreadLocalRandom.current().nextDouble());

  // asctime has no zone, which DateUtils.parseStandardDate cannot turn into an instant; it is GMT.
  private static final DateTimeFormatter[] HTTP_DATES = {
    DateUtils.FORMATTER_RFC1123,
    DateUtils.FORMATTER_RFC1036,
    DateUtils.FORMATTER_ASCTIME.withZone(ZoneOffset.UTC)
  };

  /**
   * @throws IllegalArgumentException when {@code base} or {@code cap} is negative or not whole
   *     milliseconds (a cap below the base caps every wait, as the plugin's copy does)
   */
  public RetryPolicy {
    requireNonNull(base, "base");
    requireNonNull(cap, "cap");
    requireNonNull(random, "random");
    if (base.isNegative() || base.toNanosPart() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "base must be a whole, non-negative number of milliseconds");
    }
    if (cap.isNegative() || cap.toNanosPart() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "cap must be a whole, non-negative number of milliseconds");
    }
  }

  /** What to do after a failed attempt. */
  public sealed interface Decision permits Wait, GiveUp {}

  /** Wait this long, then send again. */
  public record Wait(Duration duration) implements Decision {
    public Wait {
      requireNonNull(duration, "duration");
    }
  }

  /** The server asked to wait until {@code until}, longer than {@link #LONGEST_RETRY_AFTER}. */
  public record GiveUp(Instant until) implements Decision {
    public GiveUp {
      requireNonNull(until, "until");
    }
  }

  /**
   * What to do after failed attempt {@code attempt}.
   *
   * @param attempt 1-based
   * @param retryAfter the answer's {@code Retry-After} header value, if it had one
   * @param clock whose now HTTP dates are counted from
   * @throws IllegalArgumentException when {@code attempt} is under 1
   * @throws IllegalStateException when {@code random} returned a number outside {@code [0, 1)}
   */
  public Decision next(int attempt, Optional<String> retryAfter, Clock clock) {
    requireNonNull(retryAfter, "retryAfter");
    requireNonNull(clock, "clock");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1");
    }
    if (retryAfter.isPresent()) {
      Instant now = clock.instant();
      Optional<Instant> until = retryAfterInstant(retryAfter.get(), now);
      if (until.isPresent()) {
        Duration asked = Duration.between(now, until.get());
        if (asked.isNegative()) {
          return new Wait(Duration.ZERO);
        }
        return asked.compareTo(LONGEST_RETRY_AFTER) <= 0
            ? new Wait(asked)
            : new GiveUp(until.get());
      }
    }
    return new Wait(backoff(attempt));
  }

  /** The jittered exponential wait after attempt {@code attempt} (1-based), without Retry-After. */
  public Duration backoff(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1");
    }
    long capMillis = cap.toMillis();
    long baseMillis = base.toMillis();
    int shift = attempt - 1;
    // Saturates instead of overflowing: past the cap the shift no longer matters.
    long delay =
        shift >= 62 || baseMillis > (capMillis >> shift)
            ? capMillis
            : Math.min(capMillis, baseMillis << shift);
    double r = random.getAsDouble();
    if (!(r >= 0 && r < 1)) {
      throw new IllegalStateException("random must return a number in [0, 1)");
    }
    double half = delay / 2.0;
    return Duration.ofMillis((long) Math.floor(half + r * half));
  }

  /**
   * When a {@code Retry-After} value asks to be called again: {@code now} plus delta-seconds, or
   * the HTTP date it names (RFC 1123, RFC 850 or asctime form). Empty when it is neither.
   */
  static Optional<Instant> retryAfterInstant(String value, Instant now) {
    String text = value.trim();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // More than 12 digits is thousands of years: far beyond any wait, and beyond a long.
      long seconds = text.length() > 12 ? 1_000_000_000_000L : Long.parseLong(text);
      return Optional.of(now.plusSeconds(seconds));
    }
    // asctime pads a one-digit day with a second space, which the formatter does not take.
    return Optional.ofNullable(DateUtils.parseDate(text.replaceAll(" {2,}", " "), HTTP_DATES));
  }
}
