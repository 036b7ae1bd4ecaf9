package io.customauth.runner.cli.progress;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.ImportProgress;
import io.customauth.runner.imports.ImportResult;
import java.io.PrintStream;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for a terminal: records done of the (estimated, then exact) total, records per
 * second, ETA, and token refreshes and retries in the extra message.
 */
public final class ProgressBarRenderer implements ImportProgress {
  private final PrintStream out;
  private final LongSupplier tokenRefreshes;
  private final AtomicLong retries = new AtomicLong();
  private final int width;

  /**
   * The host's count when this renderer was made, before the engine fetches the first token, so
   * that the count shown is the one the summary reports.
   */
  private final long refreshesAtStart;

  private volatile ProgressBar bar;

  /**
   * @param out where the bar is drawn; stderr, so that stdout stays for {@code --json}
   * @param tokenRefreshes the host's count of credentials obtained
   */
  public ProgressBarRenderer(PrintStream out, LongSupplier tokenRefreshes) {
    this(out, tokenRefreshes, 0);
  }

  /**
   * @param width the line width to draw in; 0 to ask the terminal
   */
  ProgressBarRenderer(PrintStream out, LongSupplier tokenRefreshes, int width) {
    this.out = requireNonNull(out, "out");
    this.tokenRefreshes = requireNonNull(tokenRefreshes, "tokenRefreshes");
    this.width = width;
    this.refreshesAtStart = tokenRefreshes.getAsLong();
  }

  @Override
  public void started(String importId, OptionalLong estimatedRecords, long alreadyAcknowledged) {
    out.println("Import " + importId + " started (resume with: import --resume " + importId + ")");
    long max = estimatedRecords.orElse(-1);
    bar =
        new ProgressBarBuilder()
            .setTaskName("Import")
            .setInitialMax(max < 0 ? -1 : Math.max(max, alreadyAcknowledged))
            .setUnit(" rec", 1)
            .showSpeed()
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
            .setUpdateIntervalMillis(200)
            .setConsumer(
                width > 0
                    ? new ConsoleProgressBarConsumer(out, width)
                    : new ConsoleProgressBarConsumer(out))
            .build();
    if (alreadyAcknowledged > 0) {
      bar.stepTo(alreadyAcknowledged);
    }
    updateMessage();
  }

  @Override
  public void totalKnown(long records) {
    ProgressBar current = bar;
    if (current != null) {
      current.maxHint(records);
    }
  }

  @Override
  public void batchAcknowledged(long records) {
    ProgressBar current = bar;
    if (current != null) {
      current.stepBy(records);
      updateMessage();
    }
  }

  @Override
  public void retrying(String batch, int attempt, String reason, java.time.Duration wait) {
    retries.incrementAndGet();
    updateMessage();
  }

  @Override
  public void finished(ImportResult result) {
    ProgressBar current = bar;
    if (current != null) {
      updateMessage();
      current.close();
    }
    out.println(result.summaryLine());
  }

  private void updateMessage() {
    ProgressBar current = bar;
    if (current != null) {
      // Short, so that the bar still fits an 80-column terminal.
      long retried = retries.get();
      current.setExtraMessage(
          // The library prints the message right after the speed, with no separator of its own.
          " token refreshes: "
              + (tokenRefreshes.getAsLong() - refreshesAtStart)
              + (retried > 0 ? ", retries: " + retried : ""));
    }
  }
}
