package io.customauth.plugin.custom.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.plugin.custom.config.ExpiryType;
import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED = Instant.parse("2030-01-01T00:00:00Z");

  private static Instant parse(ExpiryType type, String json) throws Exception {
    return expiry(type, json).orElseThrow();
  }

  private static Optional<Instant> expiry(ExpiryType type, String json) throws Exception {
    return new ExpiryParser(type).expiresAt("expires", JSON.readTree(json), RECEIVED);
  }

  private static void assertInvalid(ThrowingCallable call, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
              assertThat(e.getMessage()).contains("'expires'").contains(messagePart);
            });
  }

  @ParameterizedTest
  @CsvSource({
    "2030-01-01T01:00:00Z, 2030-01-01T01:00:00Z",
    "2030-01-01T01:00:00z, 2030-01-01T01:00:00Z",
    "2030-01-01T01:00:00, 2030-01-01T01:00:00Z",
    "2030-01-01T03:00:00+02:00, 2030-01-01T01:00:00Z",
    "2030-01-01T03:00:00+0200, 2030-01-01T01:00:00Z",
    "2030-01-01T03:00:00+02, 2030-01-01T01:00:00Z",
    "2029-12-31T20:30:00-04:30, 2030-01-01T01:00:00Z",
    "2030-01-01 01:00:00Z, 2030-01-01T01:00:00Z",
    "2030-01-01t01:00Z, 2030-01-01T01:00:00Z",
  })
  void readsDatetimesWithAndWithoutOffsets(String text, String expected) throws Exception {
    assertThat(parse(ExpiryType.DATETIME, "\"" + text + "\"")).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({
    "'', 0",
    "'.5', 500000000",
    "'.12', 120000000",
    "'.123', 123000000",
    "'.1234', 123400000",
    "'.12345', 123450000",
    "'.123456', 123456000",
    "'.1234567', 123456700",
    "'.12345678', 123456780",
    "'.123456789', 123456789",
    "'.123456789123', 123456789",
  })
  void readsAnyNumberOfFractionalDigits(String fraction, long nanos) throws Exception {
    Instant expected = Instant.parse("2030-01-01T01:00:00Z").plusNanos(nanos);

    assertThat(parse(ExpiryType.DATETIME, "\"2030-01-01T01:00:00" + fraction + "Z\""))
        .isEqualTo(expected);
    assertThat(parse(ExpiryType.DATETIME, "\"2030-01-01T03:00:00" + fraction + "+02:00\""))
        .isEqualTo(expected);
  }

  @Test
  void readsSecondsAsANumber() throws Exception {
    assertThat(parse(ExpiryType.SECONDS, "3600")).isEqualTo(RECEIVED.plusSeconds(3600));
  }

  @Test
  void readsSecondsAsAStringOfDigits() throws Exception {
    assertThat(parse(ExpiryType.SECONDS, "\"3600\"")).isEqualTo(RECEIVED.plusSeconds(3600));
  }

  @Test
  void readsFractionalSeconds() throws Exception {
    assertThat(parse(ExpiryType.SECONDS, "1.5")).isEqualTo(RECEIVED.plusMillis(1500));
  }

  @Test
  void readsMillisecondsAsANumber() throws Exception {
    assertThat(parse(ExpiryType.MILLISECONDS, "90000")).isEqualTo(RECEIVED.plusSeconds(90));
  }

  @Test
  void readsMillisecondsAsAStringOfDigits() throws Exception {
    assertThat(parse(ExpiryType.MILLISECONDS, "\"90000\"")).isEqualTo(RECEIVED.plusSeconds(90));
  }

  @Test
  void readsDurationsLongerThanAnIntCanHold() throws Exception {
    // 3,000,000,000 ms is about 35 days: more than Integer.MAX_VALUE.
    assertThat(parse(ExpiryType.MILLISECONDS, "3000000000"))
        .isEqualTo(RECEIVED.plus(Duration.ofMillis(3_000_000_000L)));
  }

  @Test
  void rejectsANumberForDatetime() {
    assertInvalid(() -> parse(ExpiryType.DATETIME, "1893456000"), "number");
  }

  @Test
  void rejectsTextThatIsNoTimestamp() {
    assertInvalid(() -> parse(ExpiryType.DATETIME, "\"tomorrow\""), "ISO 8601");
  }

  @Test
  void rejectsAnImpossibleDate() {
    assertInvalid(() -> parse(ExpiryType.DATETIME, "\"2030-02-30T00:00:00Z\""), "not a valid");
  }

  @Test
  void rejectsADatetimeInThePast() {
    assertInvalid(() -> parse(ExpiryType.DATETIME, "\"2029-12-31T23:59:59Z\""), "in the past");
  }

  @Test
  void rejectsADatetimeEqualToTheMomentReceived() {
    assertInvalid(() -> parse(ExpiryType.DATETIME, "\"2030-01-01T00:00:00Z\""), "in the past");
  }

  @Test
  void rejectsTextThatIsNoDuration() {
    assertInvalid(() -> parse(ExpiryType.SECONDS, "\"1h\""), "string");
  }

  @Test
  void rejectsADatetimeStringForSeconds() {
    assertInvalid(() -> parse(ExpiryType.SECONDS, "\"2030-01-01T01:00:00Z\""), "string");
  }

  @Test
  void rejectsABooleanForSeconds() {
    assertInvalid(() -> parse(ExpiryType.SECONDS, "true"), "boolean");
  }

  @Test
  void rejectsZero() {
    assertInvalid(() -> parse(ExpiryType.SECONDS, "0"), "zero");
  }

  @Test
  void rejectsANegativeDuration() {
    assertInvalid(() -> parse(ExpiryType.SECONDS, "-60"), "negative");
  }

  @Test
  void rejectsSecondsOverTenYearsAsProbablyMilliseconds() {
    // About 12.7 years.
    assertInvalid(
        () -> parse(ExpiryType.SECONDS, "400000000"),
        "is over 10 years away as a duration in seconds; it looks like milliseconds: use"
            + " expiryType milliseconds");
  }

  @Test
  void rejectsAnEpochTimestampGivenAsSeconds() {
    assertInvalid(() -> parse(ExpiryType.SECONDS, "1893456000"), "epoch timestamp");
  }

  @Test
  void rejectsAnEpochTimestampGivenAsMilliseconds() {
    assertInvalid(() -> parse(ExpiryType.MILLISECONDS, "1893456000000"), "epoch timestamp");
  }

  @Test
  void acceptsNineYears() throws Exception {
    long nineYears = Duration.ofDays(9 * 365).toSeconds();

    assertThat(parse(ExpiryType.SECONDS, Long.toString(nineYears)))
        .isEqualTo(RECEIVED.plusSeconds(nineYears));
  }

  /**
   * Every edge value is EXPIRY_INVALID with a message that says what is wrong, never another
   * exception: out-of-range offsets, numbers beyond any duration, dates without time, nulls.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          DATETIME     | "2030-01-01T00:00:00+25:00"  | UTC offset out of range
          DATETIME     | "2030-01-01T00:00:00-19:00"  | UTC offset out of range
          DATETIME     | "2030-01-01T00:00:00+18:01"  | UTC offset out of range
          DATETIME     | "2030-01-01T00:00:00+05:75"  | UTC offset out of range
          DATETIME     | "2030-01-01T00:00:00+9999"   | UTC offset out of range
          DATETIME     | "2030-01-02"                 | a date without a time of day
          DATETIME     | null                         | is null
          DATETIME     | "2030-01-01T24:00:00Z"       | not a valid date and time
          DATETIME     | "2030-13-01T00:00:00Z"       | not a valid date and time
          DATETIME     | "+999999999-12-31T23:59:59Z" | not an ISO 8601 timestamp
          SECONDS      | null                         | is null
          SECONDS      | 1e400                        | out of range
          SECONDS      | -1e400                       | out of range
          SECONDS      | 1e308                        | over 10 years
          SECONDS      | 99999999999999999999999999   | over 10 years
          SECONDS      | "99999999999999999999999999" | over 10 years
          SECONDS      | 315532801                    | over 10 years
          MILLISECONDS | 1e400                        | out of range
          MILLISECONDS | null                         | is null
          MILLISECONDS | 9223372036854775808000       | over 10 years
          """)
  void anEdgeValueIsExpiryInvalid(ExpiryType type, String json, String messagePart) {
    assertInvalid(() -> expiry(type, json), messagePart);
  }

  @ParameterizedTest
  @CsvSource({"9999-12-31T23:59:59Z", "2040-01-01T00:00:01Z", "9999-12-31T23:59:59-18:00"})
  void aDatetimeMoreThanTenYearsAheadIsATokenWithoutExpiry(String text) throws Exception {
    assertThat(expiry(ExpiryType.DATETIME, "\"" + text + "\"")).isEmpty();
  }

  @Test
  void aDatetimeTenYearsAheadStillExpires() throws Exception {
    Instant tenYears = RECEIVED.plus(ExpiryParser.MAX_LIFETIME);

    assertThat(expiry(ExpiryType.DATETIME, "\"" + tenYears + "\"")).contains(tenYears);
  }

  // --- absolute timestamps, and values of the wrong unit or kind ---

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "EPOCH_SECONDS, 1893459600, 2030-01-01T01:00:00Z",
    "EPOCH_SECONDS, '\"1893459600\"', 2030-01-01T01:00:00Z",
    "EPOCH_SECONDS, 1893459600.25, 2030-01-01T01:00:00.250Z",
    "EPOCH_MILLISECONDS, 1893459600000, 2030-01-01T01:00:00Z",
    "EPOCH_MILLISECONDS, '\"1893456000500\"', 2030-01-01T00:00:00.500Z",
  })
  void readsEpochTimestamps(ExpiryType type, String json, String expected) throws Exception {
    assertThat(parse(type, json)).isEqualTo(Instant.parse(expected));
  }

  @Test
  void anEpochTimestampInThePastIsInvalid() {
    assertInvalid(() -> parse(ExpiryType.EPOCH_SECONDS, "1893455999"), "in the past");
  }

  @ParameterizedTest
  @CsvSource({"EPOCH_SECONDS, 253402300799", "EPOCH_MILLISECONDS, 253402300799000"})
  void anEpochTimestampMoreThanTenYearsAheadIsATokenWithoutExpiry(ExpiryType type, String json)
      throws Exception {
    assertThat(expiry(type, json)).isEmpty();
  }

  /** Each wrong unit or kind names the expiryType that fits the value. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          SECONDS            | 1893459600               | it looks like an epoch timestamp in seconds: use expiryType epochSeconds
          SECONDS            | 1893459600000            | it looks like an epoch timestamp in milliseconds: use expiryType epochMilliseconds
          SECONDS            | 400000000                | it looks like milliseconds: use expiryType milliseconds
          SECONDS            | "2030-01-01T01:00:00Z"   | it looks like an ISO 8601 timestamp: use expiryType datetime
          MILLISECONDS       | 1893459600000            | it looks like an epoch timestamp in milliseconds: use expiryType epochMilliseconds
          MILLISECONDS       | "2030-01-01"             | it looks like an ISO 8601 timestamp: use expiryType datetime
          EPOCH_SECONDS      | 3600                     | looks like a duration, not an epoch timestamp: use expiryType seconds
          EPOCH_SECONDS      | "3600"                   | looks like a duration, not an epoch timestamp: use expiryType seconds
          EPOCH_SECONDS      | 1893459600000            | looks like an epoch timestamp in milliseconds, not seconds: use expiryType epochMilliseconds
          EPOCH_SECONDS      | "2030-01-01T01:00:00Z"   | it looks like an ISO 8601 timestamp: use expiryType datetime
          EPOCH_SECONDS      | 99999999999999           | is after the year 9999 as an epoch timestamp in seconds; check expiryType
          EPOCH_MILLISECONDS | 3600000                  | looks like a duration, not an epoch timestamp: use expiryType milliseconds
          EPOCH_MILLISECONDS | 1893459600               | looks like an epoch timestamp in seconds, not milliseconds: use expiryType epochSeconds
          EPOCH_MILLISECONDS | "2030-01-01 01:00"       | it looks like an ISO 8601 timestamp: use expiryType datetime
          DATETIME           | 1893459600               | it looks like an epoch timestamp in seconds: use expiryType epochSeconds
          DATETIME           | "1893459600000"          | it looks like an epoch timestamp in milliseconds: use expiryType epochMilliseconds
          DATETIME           | 3600                     | use seconds or milliseconds for a duration
          """)
  void aValueOfAnotherUnitOrKindNamesTheTypeToUse(ExpiryType type, String json, String advice) {
    assertInvalid(() -> expiry(type, json), advice);
  }

  @ParameterizedTest
  @CsvSource({
    "EPOCH_SECONDS, 0, zero",
    "EPOCH_MILLISECONDS, -5, negative",
    "EPOCH_SECONDS, null, is null"
  })
  void anEpochEdgeValueIsExpiryInvalid(ExpiryType type, String json, String messagePart) {
    assertInvalid(() -> expiry(type, json), messagePart);
  }

  @Test
  void aJwtExpIsReadAsEpochSeconds() throws Exception {
    assertThat(ExpiryParser.jwtExpiresAt(JSON.readTree("1893459600"), RECEIVED))
        .contains(Instant.parse("2030-01-01T01:00:00Z"));
  }

  @Test
  void aJwtExpThatLooksLikeADurationSaysWhatAJwtNeeds() {
    assertThatThrownBy(() -> ExpiryParser.jwtExpiresAt(JSON.readTree("3600"), RECEIVED))
        .hasMessage(
            "the token's exp claim looks like a duration, not an epoch timestamp; a JWT's exp must"
                + " be seconds since 1970 (RFC 7519): use expiryType none with"
                + " defaultLifetimeSeconds for this provider");
  }

  @Test
  void jwtAndNoneReadNoValueAtAKey() {
    assertThatThrownBy(() -> expiry(ExpiryType.NONE, "1"))
        .isInstanceOf(IllegalStateException.class);
  }
}
