package io.customauth.plugin.custom.response;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.plugin.custom.config.ExpiryType;
import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
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
 * </ul>
 *
 * The expiry must be after the moment the answer arrived. One plausibility rule, {@link
 * #MAX_LIFETIME} (10 years) from that moment, holds for both kinds: a datetime further away is a
 * provider's way of saying "never" (such as {@code 9999-12-31T23:59:59Z}), so the token has no
 * expiry; a duration that long is more likely milliseconds or an epoch timestamp, so it is an
 * error.
 *
 * <p>Every value, however malformed or out of range ({@code +25:00}, {@code 1e400}, a date without
 * time of day, {@code null}), ends in {@code EXPIRY_INVALID}, never in another exception.
 */
public final class ExpiryParser {
  /** Longer than this, a duration is more likely milliseconds or an epoch timestamp. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(3652);

  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[Tt ](\\d{2}:\\d{2}(?::\\d{2})?)(?:[.,](\\d+))?"
              + "([Zz]|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private final ExpiryType type;

  public ExpiryParser(ExpiryType type) {
    this.type = requireNonNull(type, "type");
  }

  /**
   * @param key the configured expiry key, for messages
   * @param value what the answer holds there, JSON {@code null} included
   * @param receivedAt when the answer arrived; durations count from it
   * @return when the token expires; empty when it does not (a datetime over 10 years away)
   * @throws AuthException {@code EXPIRY_INVALID}
   */
  public Optional<Instant> expiresAt(String key, JsonNode value, Instant receivedAt) {
    if (value.isNull()) {
      throw invalid(
          "the expiry at '"
              + key
              + "' is null; expiryType "
              + type.configName()
              + " needs "
              + (type == ExpiryType.DATETIME ? "a timestamp" : "a number"));
    }
    try {
      Instant expiresAt =
          type == ExpiryType.DATETIME
              ? timestamp(key, value)
              : receivedAt.plus(duration(key, value));
      if (!expiresAt.isAfter(receivedAt)) {
        throw invalid("the expiry at '" + key + "' is in the past");
      }
      if (Duration.between(receivedAt, expiresAt).compareTo(MAX_LIFETIME) > 0) {
        return Optional.empty(); // only a datetime gets here: durations that long are refused
      }
      return Optional.of(expiresAt);
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      // Whatever the library found out of range; its message may quote the value, so it is dropped.
      throw invalid("the expiry at '" + key + "' is out of range");
    }
  }

  private Instant timestamp(String key, JsonNode value) {
    if (!value.isTextual()) {
      throw invalid(
          "the expiry at '"
              + key
              + "' is a "
              + kind(value)
              + ", but expiryType datetime needs an ISO 8601 timestamp string;"
              + " use seconds or milliseconds for a duration");
    }
    String text = value.asText().trim();
    if (DATE_ONLY.matcher(text).matches()) {
      throw invalid(
          "the expiry at '"
              + key
              + "' is a date without a time of day; expiryType datetime needs both, such as"
              + " 2025-09-14T12:34:56Z");
    }
    Matcher m = TIMESTAMP.matcher(text);
    if (!m.matches()) {
      throw invalid(
          "the expiry at '" + key + "' is not an ISO 8601 timestamp such as 2025-09-14T12:34:56Z");
    }
    String time = m.group(2).length() == 5 ? m.group(2) + ":00" : m.group(2);
    String fraction = m.group(3) == null ? "" : "." + truncate(m.group(3));
    LocalDateTime local;
    try {
      local = LocalDateTime.parse(m.group(1) + "T" + time + fraction);
    } catch (DateTimeParseException e) {
      throw invalid("the expiry at '" + key + "' is not a valid date and time");
    }
    return local.toInstant(offset(key, m.group(4)));
  }

  private static String truncate(String digits) {
    return digits.length() > 9 ? digits.substring(0, 9) : digits;
  }

  private static ZoneOffset offset(String key, String text) {
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
          "the expiry at '"
              + key
              + "' has a UTC offset out of range: offsets go from -18:00 to +18:00, with minutes"
              + " below 60");
    }
  }

  private Duration duration(String key, JsonNode value) {
    BigDecimal amount;
    if (value.isNumber()) {
      amount = value.decimalValue();
    } else if (value.isTextual() && DIGITS.matcher(value.asText().trim()).matches()) {
      amount = new BigDecimal(new BigInteger(value.asText().trim()));
    } else {
      throw invalid(
          "the expiry at '"
              + key
              + "' is a "
              + kind(value)
              + ", but expiryType "
              + type.configName()
              + " needs a number or a string of digits");
    }
    if (amount.signum() == 0) {
      throw invalid("the expiry at '" + key + "' is zero");
    }
    if (amount.signum() < 0) {
      throw invalid("the expiry at '" + key + "' is negative");
    }
    BigDecimal seconds = type == ExpiryType.MILLISECONDS ? amount.movePointLeft(3) : amount;
    if (seconds.compareTo(BigDecimal.valueOf(MAX_LIFETIME.getSeconds())) > 0) {
      throw invalid(
          "the expiry at '"
              + key
              + "' is over 10 years away, so it is probably "
              + (type == ExpiryType.SECONDS
                  ? "milliseconds or an epoch timestamp; check expiryType"
                  : "an epoch timestamp; check expiryType"));
    }
    long nanos = seconds.multiply(NANOS_PER_SECOND).longValue();
    return Duration.ofNanos(nanos);
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
