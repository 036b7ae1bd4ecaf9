package io.customauth.plugin.custom.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backoff semantics shared with the runner, checked against the vectors both modules read:
 * {@code testdata/backoff-vectors.csv} at the repository root (surefire runs in the module's
 * directory).
 */
class RetryPolicyTest {
  private static final Path VECTORS = Path.of("..", "testdata", "backoff-vectors.csv");

  static Stream<Arguments> vectors() throws IOException {
    List<String> lines = Files.readAllLines(VECTORS, StandardCharsets.UTF_8);
    assertThat(lines.get(0))
        .isEqualTo("attempt,baseMillis,capMillis,random,retryAfter,nowEpochMillis,expected");
    return lines.stream()
        .skip(1)
        .filter(line -> !line.isBlank())
        .map(RetryPolicyTest::fields)
        .map(f -> Arguments.of(String.join(",", f), f));
  }

  /** RFC 4180 fields: a quoted field may hold commas and doubled quotes. */
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    assertThat(fields).as(line).hasSize(7);
    return fields;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void waitsAsTheSharedVectorsSay(String row, List<String> f) {
    double random = Double.parseDouble(f.get(3));
    RetryPolicy policy =
        new RetryPolicy(
            1,
            Duration.ofMillis(Long.parseLong(f.get(1))),
            Duration.ofMillis(Long.parseLong(f.get(2))),
            () -> random);
    Optional<String> retryAfter = f.get(4).isEmpty() ? Optional.empty() : Optional.of(f.get(4));
    Instant now = Instant.ofEpochMilli(Long.parseLong(f.get(5)));

    String actual;
    try {
      actual = Long.toString(policy.delay(Integer.parseInt(f.get(0)), retryAfter, now).toMillis());
    } catch (RetryPolicy.WaitTooLong e) {
      actual = "fail";
    }

    assertThat(actual).isEqualTo(f.get(6));
  }

  @Test
  void aWaitTooLongSaysUntilWhen() {
    RetryPolicy policy =
        new RetryPolicy(1, Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0);
    Instant now = Instant.parse("2030-01-01T00:00:00Z");

    assertThatThrownBy(() -> policy.delay(1, Optional.of("3600"), now))
        .isInstanceOfSatisfying(
            RetryPolicy.WaitTooLong.class,
            e -> assertThat(e.until()).isEqualTo(Instant.parse("2030-01-01T01:00:00Z")));
  }

  @Test
  void aNegativeBaseIsRefused() {
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMillis(-1), Duration.ZERO, () -> 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNegativeCapIsRefused() {
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofMillis(-1), () -> 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lessThanOneAttemptIsRefused() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, () -> 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRandomOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> Backoff.waitMillis(1, 500, 1000, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.waitMillis(1, 500, 1000, -0.1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAttemptBeforeTheFirstIsRefused() {
    assertThatThrownBy(() -> Backoff.waitMillis(0, 500, 1000, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
