package io.customauth.runner.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.imports.ImportFixtures;
import io.customauth.runner.imports.ImportResult;
import io.customauth.runner.imports.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressRenderersTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final MutableClock clock = new MutableClock(ImportFixtures.T0);
  private final AtomicLong refreshes = new AtomicLong(3);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static ImportResult done() {
    return new ImportResult(
        Optional.of("imp-abcdefgh2345"), 1000, 2, 2, 0, 1, Duration.ofSeconds(2), Optional.empty());
  }

  @Test
  void theLauncherDecidesWhetherStandardErrorIsATerminal() {
    String before = System.getProperty(ProgressRenderers.STDERR_IS_TERMINAL_PROPERTY);
    try {
      System.setProperty(ProgressRenderers.STDERR_IS_TERMINAL_PROPERTY, "true");
      assertThat(ProgressRenderers.forConsole(out, Optional.empty(), refreshes::get))
          .isInstanceOf(ProgressBarRenderer.class);

      System.setProperty(ProgressRenderers.STDERR_IS_TERMINAL_PROPERTY, "false");
      assertThat(ProgressRenderers.forConsole(out, Optional.empty(), refreshes::get))
          .isInstanceOf(PlainProgressRenderer.class);

      // --progress wins over what the launcher saw.
      assertThat(ProgressRenderers.forConsole(out, Optional.of(true), refreshes::get))
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
        new PlainProgressRenderer(out, refreshes::get, clock, Duration.ofSeconds(2));
    plain.started("imp-abcdefgh2345", OptionalLong.of(1000), 0);

    clock.advance(Duration.ofSeconds(1));
    plain.batchAcknowledged(100);
    clock.advance(Duration.ofSeconds(1));
    refreshes.incrementAndGet();
    plain.batchAcknowledged(400);
    clock.advance(Duration.ofMillis(500));
    plain.batchAcknowledged(100);

    assertThat(printed().lines())
        .containsExactly(
            "Import imp-abcdefgh2345 started (resume with: import --resume imp-abcdefgh2345)",
            "  imp-abcdefgh2345: 500/1000 (50%) records, 250 records/s, ETA 2 s,"
                + " token refreshes: 1, retries: 0");
  }

  @Test
  void theTokenFetchedBeforeTheImportStartedCountsAsTheSummaryCountsIt() {
    PlainProgressRenderer plain =
        new PlainProgressRenderer(out, refreshes::get, clock, Duration.ZERO);
    refreshes.incrementAndGet(); // the engine fetches the first token before it reports a start
    plain.started("imp-abcdefgh2345", OptionalLong.of(1000), 0);

    clock.advance(Duration.ofSeconds(1));
    plain.batchAcknowledged(500);

    assertThat(printed()).contains("token refreshes: 1,");
  }

  @Test
  void plainRendererEndsWithTheSummaryLine() {
    PlainProgressRenderer plain =
        new PlainProgressRenderer(out, refreshes::get, clock, Duration.ofSeconds(2));
    plain.started("imp-abcdefgh2345", OptionalLong.empty(), 0);

    plain.finished(done());

    assertThat(printed().lines().reduce((a, b) -> b).orElseThrow())
        .isEqualTo(
            "Import imp-abcdefgh2345 done: 1000 records in 2 batches, 2 requests, 0 retries,"
                + " 1 token refreshes, 2.0 s.");
  }

  @Test
  void theBarShowsRecordsAndTokenRefreshes() {
    ProgressBarRenderer bar = new ProgressBarRenderer(out, refreshes::get, 200);
    bar.started("imp-abcdefgh2345", OptionalLong.of(1000), 0);
    refreshes.addAndGet(2);
    bar.batchAcknowledged(1000);

    bar.finished(done());

    assertThat(printed()).contains("Import ", "1000/1000 rec", "token refreshes: 2", "done:");
  }

  @Test
  void theChoiceCanBeForced() {
    assertThat(ProgressRenderers.forConsole(out, Optional.of(true), () -> 0))
        .isInstanceOf(ProgressBarRenderer.class);
    assertThat(ProgressRenderers.forConsole(out, Optional.of(false), () -> 0))
        .isInstanceOf(PlainProgressRenderer.class);
  }
}
