package io.customauth.plugin.custom.response;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.plugin.custom.config.ExpiryType;
import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the expiry of a token from the provider's answer, as {@code expiryType} says. Errors name
 * the key and what was expected, never the value.
 *
 * <ul>
 *   <li>{@code datetime}: an ISO 8601 / RFC 3339 timestamp such as {@code 2025-09-14T12:34:56Z},
 *       with an offset ({@code +02:00}, {@code +0200}, {@code +02}), {@code Z}, or none (UTC); any
 *       number of fractional digits (past nanoseconds they are dropped); {@code T}, {@code t} or a
 *       space between date and time.
 *   <li>{@code seconds} / {@code milliseconds}: a duration from the moment the answer arrived, as a
 *       JSON number or a string of digits.
 *   <li>{@code epochSeconds} / {@code epochMilliseconds}: an absolute Unix timestamp, as a JSON
 *       number or a string of digits; also a JWT's {@code exp} claim ({@link #jwtExpiresAt}), which
 *       RFC 7519 defines in seconds.
 * </ul>
 *
 * The expiry must be after the moment the answer arrived. One plausibility rule, {@link
 * #MAX_LIFETIME} (10 years) from that moment, holds for every kind: a timestamp further away (a
 * datetime, or an epoch up to the year 9999) is a provider's way of saying "never" (such as {@code
 * 9999-12-31T23:59:59Z}), so the token has no expiry; a duration that long is an error.
 *
 * <p><b>Wrong kinds and units.</b> Users pick the type from a provider's docs, which often say
 * "expiry" without a unit. A value that cannot be of the configured kind but plausibly is of
 * another is an error that names the type to use: a duration that is an epoch timestamp of about
 * now ({@code expires_in: 1767225600} with {@code seconds}), an epoch timestamp small enough to be
 * a duration ({@code 3600} with {@code epochSeconds}), seconds given for milliseconds and back, an
 * ISO 8601 string for a numeric type, a number for {@code datetime}. "About now" is within {@link
 * #MAX_LIFETIME} of the moment the answer arrived, which no duration reaches.
 *
 * <p>Every value, however malformed or out of range ({@code +25:00}, {@code 1e400}, a date without
 * time of day, {@code null}), ends in {@code EXPIRY_INVALID}, never in another exception.
 */
public final class ExpiryParser {
  /** Longer than this, a duration is more likely milliseconds or an epoch timestamp. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(3652);

  /** 9999-12-31T23:59:59Z: a later epoch value is no date anyone means, but a wrong unit. */
  private static final BigDecimal LAST_EPOCH_SECOND = BigDecimal.valueOf(253_402_300_799L);

  private static final BigDecimal MAX_LIFETIME_SECONDS =
      BigDecimal.valueOf(MAX_LIFETIME.toSeconds());

  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[Tt ](\\d{2}:\\d{2}(?::\\d{2})?)(?:[.,](\\d+))?"
              + "([Zz]|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private final ExpiryType type;

  /**
   * @param type how {@link #expiresAt} reads a value; {@code jwt} and {@code none} read no value,
   *     so only {@link #jwtExpiresAt} applies to them
   */
  public ExpiryParser(ExpiryType type) {
    this.type = requireNonNull(type, "type");
  }

  /**
   * @param key the configured expiry key, for messages
   * @param value what the answer holds there, JSON {@code null} included
   * @param receivedAt when the answer arrived; durations count from it
   * @return when the token expires; empty when it does not (a timestamp over 10 years away)
   * @throws AuthException {@code EXPIRY_INVALID}
   * @throws IllegalStateException for {@code jwt} and {@code none}, which read no value
   */
  public Optional<Instant> expiresAt(String key, JsonNode value, Instant receivedAt) {
    if (!type.readsExpiryKey()) {
      throw new IllegalStateException("expiryType " + type.configName() + " reads no value");
    }
    return read(new Subject("the expiry at '" + key + "'", type, false), value, receivedAt);
  }

  /**
   * The expiry of a JWT from its {@code exp} claim: seconds since 1970 (RFC 7519 NumericDate,
   * fractions allowed), with the same rules as {@code epochSeconds}.
   *
   * @param exp the claim's value, JSON {@code null} included
   * @throws AuthException {@code EXPIRY_INVALID}
   */
  public static Optional<Instant> jwtExpiresAt(JsonNode exp, Instant receivedAt) {
    return read(
        new Subject("the token's exp claim", ExpiryType.EPOCH_SECONDS, true), exp, receivedAt);
  }

  /**
   * What is read and how, for messages.
   *
   * @param what the value in words: {@code the expiry at 'expires_in'}
   * @param jwt whether this is a JWT's exp claim, whose type the user cannot change
   */
  private record Subject(String what, ExpiryType type, boolean jwt) {
    /** The advice that ends a message about a value that is of another kind. */
    String use(ExpiryType other) {
      return jwt
          ? "; a JWT's exp must be seconds since 1970 (RFC 7519): use expiryType none with"
              + " defaultLifetimeSeconds for this provider"
          : ": use expiryType " + other.configName();
    }

    String needs() {
      return jwt ? "a JWT's exp claim" : "expiryType " + type.configName();
    }
  }

  private static Optional<Instant> read(Subject subject, JsonNode value, Instant receivedAt) {
    if (value.isNull()) {
      throw invalid(
          subject.what()
              + " is null; "
              + subject.needs()
              + " needs "
              + (subject.type() == ExpiryType.DATETIME ? "a timestamp" : "a number"));
    }
    try {
      Instant expiresAt;
      switch (subject.type()) {
        case DATETIME -> expiresAt = timestamp(subject, value, receivedAt);
        case SECONDS, MILLISECONDS ->
            expiresAt = receivedAt.plus(duration(subject, value, receivedAt));
        default -> {
          Optional<Instant> epoch = epoch(subject, value, receivedAt);
          if (epoch.isEmpty()) {
            return epoch;
          }
          expiresAt = epoch.get();
        }
      }
      if (!expiresAt.isAfter(receivedAt)) {
        throw invalid(subject.what() + " is in the past");
      }
      if (Duration.between(receivedAt, expiresAt).compareTo(MAX_LIFETIME) > 0) {
        return Optional.empty(); // only timestamps get here: durations that long are refused
      }
      return Optional.of(expiresAt);
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      // Whatever the library found out of range; its message may quote the value, so it is dropped.
      throw invalid(subject.what() + " is out of range");
    }
  }

  /** A JSON number or a string of digits as a number; null for anything else. */
  private static BigDecimal amount(JsonNode value) {
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual() && DIGITS.matcher(value.asText().trim()).matches()) {
      return new BigDecimal(new BigInteger(value.asText().trim()));
    }
    return null;
  }

  private static boolean looksLikeEpochSeconds(BigDecimal amount, Instant receivedAt) {
    BigDecimal now = BigDecimal.valueOf(receivedAt.getEpochSecond());
    return amount.subtract(now).abs().compareTo(MAX_LIFETIME_SECONDS) <= 0;
  }

  private static boolean looksLikeEpochMilliseconds(BigDecimal amount, Instant receivedAt) {
    return looksLikeEpochSeconds(amount.movePointLeft(3), receivedAt);
  }

  /** What a number meant for a datetime most likely is, as advice. */
  private static String numberHint(Subject subject, BigDecimal amount, Instant receivedAt) {
    if (looksLikeEpochSeconds(amount, receivedAt)) {
      return "; it looks like an epoch timestamp in seconds"
          + subject.use(ExpiryType.EPOCH_SECONDS);
    }
    if (looksLikeEpochMilliseconds(amount, receivedAt)) {
      return "; it looks like an epoch timestamp in milliseconds"
          + subject.use(ExpiryType.EPOCH_MILLISECONDS);
    }
    return "; use seconds or milliseconds for a duration";
  }

  private static Instant timestamp(Subject subject, JsonNode value, Instant receivedAt) {
    String what = subject.what();
    BigDecimal amount = amount(value);
    if (!value.isTextual() || amount != null) {
      throw invalid(
          what
              + " is a "
              + (value.isTextual() ? "string of digits" : kind(value))
              + ", but expiryType datetime needs an ISO 8601 timestamp string"
              + (amount == null ? "" : numberHint(subject, amount, receivedAt)));
    }
    String text = value.asText().trim();
    if (DATE_ONLY.matcher(text).matches()) {
      throw invalid(
          what
              + " is a date without a time of day; expiryType datetime needs both, such as"
              + " 2025-09-14T12:34:56Z");
    }
    Matcher m = TIMESTAMP.matcher(text);
    if (!m.matches()) {
      throw invalid(what + " is not an ISO 8601 timestamp such as 2025-09-14T12:34:56Z");
    }
    String time = m.group(2).length() == 5 ? m.group(2) + ":00" : m.group(2);
    String fraction = m.group(3) == null ? "" : "." + truncate(m.group(3));
    LocalDateTime local;
    try {
      local = LocalDateTime.parse(m.group(1) + "T" + time + fraction);
    } catch (DateTimeParseException e) {
      throw invalid(what + " is not a valid date and time");
    }
    return local.toInstant(offset(what, m.group(4)));
  }

  private static String truncate(String digits) {
    return digits.length() > 9 ? digits.substring(0, 9) : digits;
  }

  private static ZoneOffset offset(String what, String text) {
    if (text == null || text.equalsIgnoreCase("z")) {
      return ZoneOffset.UTC;
    }
    String digits = text.substring(1).replace(":", "");
    int hours = Integer.parseInt(digits.substring(0, 2));
    int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
    int sign = text.charAt(0) == '-' ? -1 : 1;
    try {
      return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    } catch (DateTimeException e) {
      throw invalid(
          what
              + " has a UTC offset out of range: offsets go from -18:00 to +18:00, with minutes"
              + " below 60");
    }
  }

  /** The value as a positive number, or why it is not one. */
  private static BigDecimal positive(Subject subject, JsonNode value) {
    BigDecimal amount = amount(value);
    if (amount == null) {
      String text = value.isTextual() ? value.asText().trim() : "";
      boolean iso = TIMESTAMP.matcher(text).matches() || DATE_ONLY.matcher(text).matches();
      throw invalid(
          subject.what()
              + " is a "
              + kind(value)
              + ", but "
              + subject.needs()
              + " needs a number or a string of digits"
              + (iso
                  ? "; it looks like an ISO 8601 timestamp" + subject.use(ExpiryType.DATETIME)
                  : ""));
    }
    if (amount.signum() == 0) {
      throw invalid(subject.what() + " is zero");
    }
    if (amount.signum() < 0) {
      throw invalid(subject.what() + " is negative");
    }
    return amount;
  }

  private static Duration duration(Subject subject, JsonNode value, Instant receivedAt) {
    BigDecimal amount = positive(subject, value);
    boolean millis = subject.type() == ExpiryType.MILLISECONDS;
    BigDecimal seconds = millis ? amount.movePointLeft(3) : amount;
    if (seconds.compareTo(MAX_LIFETIME_SECONDS) > 0) {
      String hint;
      if (looksLikeEpochSeconds(amount, receivedAt)) {
        hint =
            "it looks like an epoch timestamp in seconds" + subject.use(ExpiryType.EPOCH_SECONDS);
      } else if (looksLikeEpochMilliseconds(amount, receivedAt)) {
        hint =
            "it looks like an epoch timestamp in milliseconds"
                + subject.use(ExpiryType.EPOCH_MILLISECONDS);
      } else if (!millis && amount.movePointLeft(3).compareTo(MAX_LIFETIME_SECONDS) <= 0) {
        hint = "it looks like milliseconds" + subject.use(ExpiryType.MILLISECONDS);
      } else {
        hint = "check expiryType";
      }
      throw invalid(
          subject.what()
              + " is over 10 years away as a duration in "
              + (millis ? "milliseconds" : "seconds")
              + "; "
              + hint);
    }
    long nanos = seconds.multiply(NANOS_PER_SECOND).longValue();
    return Duration.ofNanos(nanos);
  }

  /** An absolute Unix timestamp; empty when it is so far ahead that it means "never". */
  private static Optional<Instant> epoch(Subject subject, JsonNode value, Instant receivedAt) {
    BigDecimal amount = positive(subject, value);
    boolean millis = subject.type() == ExpiryType.EPOCH_MILLISECONDS;
    if (!millis && looksLikeEpochMilliseconds(amount, receivedAt)) {
      throw invalid(
          subject.what()
              + " looks like an epoch timestamp in milliseconds, not seconds"
              + subject.use(ExpiryType.EPOCH_MILLISECONDS));
    }
    if (millis && looksLikeEpochSeconds(amount, receivedAt)) {
      throw invalid(
          subject.what()
              + " looks like an epoch timestamp in seconds, not milliseconds"
              + subject.use(ExpiryType.EPOCH_SECONDS));
    }
    BigDecimal seconds = millis ? amount.movePointLeft(3) : amount;
    // Before 1980 no token was issued: so small a number is a duration since the answer.
    if (seconds.compareTo(MAX_LIFETIME_SECONDS) <= 0) {
      throw invalid(
          subject.what()
              + " looks like a duration, not an epoch timestamp"
              + subject.use(millis ? ExpiryType.MILLISECONDS : ExpiryType.SECONDS));
    }
    if (seconds.compareTo(LAST_EPOCH_SECOND) > 0) {
      throw invalid(
          subject.what()
              + " is after the year 9999 as an epoch timestamp in "
              + (millis ? "milliseconds" : "seconds")
              + "; check expiryType");
    }
    BigDecimal whole = seconds.setScale(0, RoundingMode.DOWN);
    long nanos = seconds.subtract(whole).multiply(NANOS_PER_SECOND).longValue();
    Instant at = Instant.ofEpochSecond(whole.longValueExact(), nanos);
    if (at.isAfter(receivedAt) && Duration.between(receivedAt, at).compareTo(MAX_LIFETIME) > 0) {
      return Optional.empty();
    }
    return Optional.of(at);
  }

  private static String kind(JsonNode value) {
    if (value.isTextual()) {
      return "string";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isArray()) {
      return "array";
    }
    return "object";
  }

  private static AuthException invalid(String message) {
    return new AuthException(ErrorCode.EXPIRY_INVALID, message);
  }
}
