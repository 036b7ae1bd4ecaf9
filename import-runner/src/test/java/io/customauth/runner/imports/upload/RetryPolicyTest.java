package io.customauth.runner.imports.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.customauth.runner.imports.upload.RetryPolicy.Decision;
import io.customauth.runner.imports.upload.RetryPolicy.GiveUp;
import io.customauth.runner.imports.upload.RetryPolicy.Wait;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RetryPolicyTest {
  /** Shared with the plugin's copy of the backoff; surefire runs in the module directory. */
  private static final Path VECTORS = Path.of("..", "testdata", "backoff-vectors.csv");

  private static final String HEADER =
      "attempt,baseMillis,capMillis,random,retryAfter,nowEpochMillis,expected";

  record Vector(
      int line,
      int attempt,
      long baseMillis,
      long capMillis,
      double random,
      Optional<String> retryAfter,
      long nowEpochMillis,
      String expected) {
    @Override
    public String toString() {
      return "line " + line + ": attempt " + attempt + ", Retry-After " + retryAfter;
    }
  }

  static Stream<Vector> vectors() throws IOException {
    List<String> lines = Files.readAllLines(VECTORS, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo(HEADER);
    List<Vector> vectors = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> f = fields(lines.get(i));
      assertThat(f).as("line %d", i + 1).hasSize(7);
      vectors.add(
          new Vector(
              i + 1,
              Integer.parseInt(f.get(0)),
              Long.parseLong(f.get(1)),
              Long.parseLong(f.get(2)),
              Double.parseDouble(f.get(3)),
              f.get(4).isEmpty() ? Optional.empty() : Optional.of(f.get(4)),
              Long.parseLong(f.get(5)),
              f.get(6)));
    }
    return vectors.stream();
  }

  /** RFC 4180 fields of one line: a quoted field may hold commas, {@code ""} is a quote. */
  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    out.add(field.toString());
    return out;
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void followsTheSharedBackoffVectors(Vector v) {
    RetryPolicy policy =
        new RetryPolicy(
            Duration.ofMillis(v.baseMillis()), Duration.ofMillis(v.capMillis()), v::random);
    Clock clock = Clock.fixed(Instant.ofEpochMilli(v.nowEpochMillis()), ZoneOffset.UTC);

    Decision decision = policy.next(v.attempt(), v.retryAfter(), clock);

    if (v.expected().equals("fail")) {
      assertThat(decision).isInstanceOf(GiveUp.class);
    } else {
      assertThat(decision).isEqualTo(new Wait(Duration.ofMillis(Long.parseLong(v.expected()))));
    }
  }

  @Test
  void vectorsCoverEveryCaseTheSemanticsNames() throws IOException {
    List<Vector> all = vectors().toList();

    assertThat(all).extracting(Vector::attempt).contains(1, 2, 3, 4, 5, 6);
    assertThat(all).extracting(Vector::random).contains(0.0, 0.999);
    assertThat(all).extracting(Vector::expected).contains("fail", "600000");
    assertThat(all)
        .extracting(v -> v.retryAfter().orElse(""))
        .contains("7", "600", "601", "soon")
        .anyMatch(r -> r.matches("\\w{3}, \\d\\d \\w{3} \\d{4} .* GMT"))
        .anyMatch(r -> r.matches("\\w{6,9}, \\d\\d-\\w{3}-\\d\\d .* GMT"))
        .anyMatch(r -> r.matches("\\w{3} \\w{3} [ \\d]\\d .* \\d{4}"));
  }

  @Test
  void aRetryAfterOverTenMinutesGivesUpNamingWhenTheServerAskedToBeCalledAgain() {
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60), () -> 0);
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    assertThat(policy.next(1, Optional.of("86400"), clock))
        .isEqualTo(new GiveUp(Instant.parse("2026-01-02T00:00:00Z")));
    assertThat(policy.next(1, Optional.of("Fri, 02 Jan 2026 00:00:00 GMT"), clock))
        .isEqualTo(new GiveUp(Instant.parse("2026-01-02T00:00:00Z")));
  }

  @Test
  void anAbsurdlyLongRetryAfterInSecondsGivesUpInsteadOfOverflowing() {
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60), () -> 0);
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    assertThat(policy.next(1, Optional.of("99999999999999999999999"), clock))
        .isInstanceOf(GiveUp.class);
  }

  @Test
  void constructorRefusesNegativeOrFractionalMillisecondDurations() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(-1), Duration.ofSeconds(1), () -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base");
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ofNanos(1500), Duration.ofSeconds(1), () -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofMillis(-1), () -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cap");
  }

  @Test
  void anAttemptBelowOneIsRefused() {
    assertThatThrownBy(() -> RetryPolicy.DEFAULT.backoff(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRandomSourceOutsideZeroToOneIsRefused() {
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60), () -> 1);

    assertThatThrownBy(() -> policy.backoff(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theRealSleeperKeepsSubMillisecondWaits() throws InterruptedException {
    long before = System.nanoTime();

    Sleeper.REAL.sleep(Duration.ofNanos(600_000));

    // Thread.sleep(0 ms, 600000 ns) waits at least the nanoseconds; toMillis() would have been 0.
    assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(600_000);
  }
}
