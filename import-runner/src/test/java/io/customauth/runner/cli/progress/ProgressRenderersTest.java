package io.customauth.runner.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.ImportFixtures;
import io.customauth.runner.imports.ImportResult;
import io.customauth.runner.imports.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ProgressRenderersTest {
  private static final String ID = "imp-abcdefgh2345";
  private static final UnaryOperator<String> RESUME =
      id -> "import-runner import --resume " + id + " --state-dir /tmp/state";

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final MutableClock clock = new MutableClock(ImportFixtures.T0);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static ImportResult done(long records, long tokens) {
    return new ImportResult(
        Optional.of(ID),
        records,
        records,
        2,
        2,
        0,
        tokens,
        Duration.ofSeconds(2),
        false,
        Optional.empty());
  }

  private static ImportResult interrupted() {
    return new ImportResult(
        Optional.of(ID),
        120,
        300,
        6,
        8,
        1,
        1,
        Duration.ofSeconds(3),
        false,
        Optional.of(new ImportException(ImportErrorCode.INTERRUPTED, "interrupted")));
  }

  @Test
  void theLauncherDecidesWhetherStandardErrorIsATerminal() {
    String before = System.getProperty(ProgressRenderers.STDERR_IS_TERMINAL_PROPERTY);
    try {
      System.setProperty(ProgressRenderers.STDERR_IS_TERMINAL_PROPERTY, "true");
      assertThat(ProgressRenderers.forConsole(out, Optional.empty(), RESUME))
          .isInstanceOf(ProgressBarRenderer.class);

      System.setProperty(ProgressRenderers.STDERR_IS_TERMINAL_PROPERTY, "false");
      assertThat(ProgressRenderers.forConsole(out, Optional.empty(), RESUME))
          .isInstanceOf(PlainProgressRenderer.class);

      // --progress wins over what the launcher saw.
      assertThat(ProgressRenderers.forConsole(out, Optional.of(true), RESUME))
          .isInstanceOf(ProgressBarRenderer.class);
    } finally {
      if (before == null) {
        System.clearProperty(ProgressRenderers.STDERR_IS_TERMINAL_PROPERTY);
      } else {
        System.setProperty(ProgressRenderers.STDERR_IS_TERMINAL_PROPERTY, before);
      }
    }
  }

  @Test
  void plainLinesAppearAtMostOncePerInterval() {
    PlainProgressRenderer plain =
        new PlainProgressRenderer(out, RESUME, clock, Duration.ofSeconds(2));
    plain.started(ID, OptionalLong.of(1000), 0);
    plain.tokensObtained(1);

    clock.advance(Duration.ofSeconds(1));
    plain.batchAcknowledged(100);
    clock.advance(Duration.ofSeconds(1));
    plain.batchAcknowledged(400);
    clock.advance(Duration.ofMillis(500));
    plain.batchAcknowledged(100);

    assertThat(printed().lines())
        .containsExactly(
            "Import " + ID + " started.", "  500/1000 records (50%), 250 rec/s, ETA 2 s, 1 token");
  }

  @Test
  void plainLinesShowTheTokenCountTheEngineReports() {
    PlainProgressRenderer plain = new PlainProgressRenderer(out, RESUME, clock, Duration.ZERO);
    plain.started(ID, OptionalLong.of(1000), 0);
    plain.tokensObtained(3);

    clock.advance(Duration.ofSeconds(1));
    plain.batchAcknowledged(500);

    assertThat(printed()).contains(", 3 tokens");
  }

  @Test
  void plainLinesFitEightyColumnsForMillionsOfRecordsWithRetries() {
    PlainProgressRenderer plain = new PlainProgressRenderer(out, RESUME, clock, Duration.ZERO);
    plain.started(ID, OptionalLong.of(10_000_000), 0);
    plain.tokensObtained(12);
    for (int i = 0; i < 123; i++) {
      plain.retrying("batch 1 of a.csv (lines 2-501)", 1, "HTTP 503", Duration.ZERO);
    }
    bytes.reset();

    clock.advance(Duration.ofSeconds(7));
    plain.batchAcknowledged(9_999_999);

    assertThat(printed().lines())
        .singleElement()
        .satisfies(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
    assertThat(printed()).contains("12 tokens", "123 retries");
  }

  @Test
  void plainRendererEndsWithTheSummaryWithSingularsAndBothCounts() {
    PlainProgressRenderer plain =
        new PlainProgressRenderer(out, RESUME, clock, Duration.ofSeconds(2));
    plain.started(ID, OptionalLong.empty(), 0);

    plain.finished(done(1000, 1));

    assertThat(printed().lines())
        .endsWith(
            "Import " + ID + " done: 1000 records read, 1000 acknowledged.",
            "  2 batches, 2 requests, 0 retries, 1 token obtained, 2.0 s");
  }

  @Test
  void anInterruptedImportEndsWithTheCountsAndTheResumeCommand() {
    PlainProgressRenderer plain = new PlainProgressRenderer(out, RESUME, clock, Duration.ZERO);
    plain.started(ID, OptionalLong.empty(), 0);

    plain.finished(interrupted());

    assertThat(printed().lines())
        .endsWith(
            "Import " + ID + " interrupted: 300 records read, 120 acknowledged.",
            "  6 batches, 8 requests, 1 retry, 1 token obtained, 3.0 s",
            "Resume with: import-runner import --resume " + ID + " --state-dir /tmp/state");
  }

  @Test
  void aStopRequestIsAcknowledgedAtOnceBeforeTheSummary() {
    PlainProgressRenderer plain =
        new PlainProgressRenderer(out, RESUME, clock, Duration.ofSeconds(2));
    plain.started(ID, OptionalLong.empty(), 0);

    plain.stopping();
    plain.finished(interrupted());

    assertThat(printed().lines())
        .containsSubsequence(
            "Import " + ID + " started.",
            "Stopping: nothing more is sent; waiting for the batches in flight.",
            "Import " + ID + " interrupted: 300 records read, 120 acknowledged.");
  }

  @Test
  void theBarSaysItIsStopping() {
    ProgressBarRenderer bar = new ProgressBarRenderer(out, RESUME, 80);
    bar.started(ID, OptionalLong.of(300), 0);
    bar.tokensObtained(1);
    bar.batchAcknowledged(120);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> printed().contains("120/300"));

    bar.stopping();

    // Drawn although no batch was acknowledged since: the library redraws when the count moves,
    // and while the batches in flight are held it may not move for the whole grace period.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> printed().contains("1 token, stopping"));
    bar.finished(interrupted());
    String drawn = printed().split("\n")[1];
    String last = drawn.substring(drawn.lastIndexOf('\r') + 1).replaceAll("\u001b\\[[0-9;]*m", "");
    assertThat(last).endsWith("1 token, stopping").hasSizeLessThanOrEqualTo(80);
  }

  @Test
  void aPluginFailureHasNoResumeCommand() {
    PlainProgressRenderer plain = new PlainProgressRenderer(out, RESUME, clock, Duration.ZERO);
    plain.started(ID, OptionalLong.empty(), 0);

    plain.finished(
        new ImportResult(
            Optional.of(ID),
            0,
            10,
            0,
            1,
            0,
            1,
            Duration.ofSeconds(1),
            false,
            Optional.of(
                new ImportException(ImportErrorCode.PLUGIN_FAILURE, "the plugin 'x' failed"))));

    assertThat(printed())
        .contains("FAILED", "PLUGIN_FAILURE", "report it to the plugin's author")
        .doesNotContain("Resume with", "resume the import");
  }

  @Test
  void theBarShowsRecordsAndTokensObtained() {
    ProgressBarRenderer bar = new ProgressBarRenderer(out, RESUME, 200);
    bar.started(ID, OptionalLong.of(1000), 0);
    bar.tokensObtained(2);
    bar.batchAcknowledged(1000);

    bar.finished(done(1000, 2));

    assertThat(printed()).contains("Import ", "1000/1000 rec", "2 tokens", "done:");
  }

  @Test
  void theBarFitsEightyColumnsWithoutCuttingTheTokenCount() {
    ProgressBarRenderer bar = new ProgressBarRenderer(out, RESUME, 80);
    bar.started(ID, OptionalLong.of(1_000_000), 0);
    bar.tokensObtained(1);
    bar.batchAcknowledged(999_999);

    bar.finished(done(1_000_000, 1));

    String drawn = printed().split("\n")[1];
    // Colours are escape sequences that take no column.
    String last = drawn.substring(drawn.lastIndexOf('\r') + 1).replaceAll("\u001b\\[[0-9;]*m", "");
    assertThat(last)
        .as(drawn.replace("\u001b", "ESC"))
        .hasSizeLessThanOrEqualTo(80)
        .endsWith("1 token")
        .contains("│");
  }

  @Test
  void theBarEndsItsLineBeforeTheSummary() {
    ProgressBarRenderer bar = new ProgressBarRenderer(out, RESUME, 80);
    bar.started(ID, OptionalLong.of(300), 0);
    bar.batchAcknowledged(120);

    bar.finished(interrupted());

    assertThat(printed())
        .contains("\nImport " + ID + " interrupted: 300 records read, 120 acknowledged.\n")
        .contains("\nResume with: import-runner import --resume " + ID);
  }

  @Test
  void theChoiceCanBeForced() {
    assertThat(ProgressRenderers.forConsole(out, Optional.of(true), RESUME))
        .isInstanceOf(ProgressBarRenderer.class);
    assertThat(ProgressRenderers.forConsole(out, Optional.of(false), RESUME))
        .isInstanceOf(PlainProgressRenderer.class);
  }
}
