package io.customauth.runner.cli.progress;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.ImportProgress;
import io.customauth.runner.imports.ImportResult;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for a terminal: records done of the (estimated, then exact) total, records per
 * second, ETA, and tokens obtained and retries in the extra message. The text is kept short so that
 * at 80 columns the bar shrinks rather than the text being cut.
 */
public final class ProgressBarRenderer implements ImportProgress {
  private final PrintStream out;
  private final UnaryOperator<String> resumeCommand;
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final int width;

  private volatile ProgressBar bar;
  private volatile LineEnding lineEnding;

  /**
   * @param out where the bar is drawn; stderr, so that stdout stays for {@code --json}
   * @param resumeCommand the command line that resumes the import of an id
   */
  public ProgressBarRenderer(PrintStream out, UnaryOperator<String> resumeCommand) {
    this(out, resumeCommand, 0);
  }

  /**
   * @param width the line width to draw in; 0 to ask the terminal
   */
  ProgressBarRenderer(PrintStream out, UnaryOperator<String> resumeCommand, int width) {
    this.out = requireNonNull(out, "out");
    this.resumeCommand = requireNonNull(resumeCommand, "resumeCommand");
    this.width = width;
  }

  @Override
  public void started(String importId, OptionalLong estimatedRecords, long alreadyAcknowledged) {
    out.println("Import " + importId + " started.");
    long max = estimatedRecords.orElse(-1);
    bar =
        new ProgressBarBuilder()
            .setTaskName("Import")
            .setInitialMax(max < 0 ? -1 : Math.max(max, alreadyAcknowledged))
            .setUnit(" rec", 1)
            .showSpeed(new DecimalFormat("#", DecimalFormatSymbols.getInstance(Locale.ROOT)))
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
            .setUpdateIntervalMillis(200)
            // Redrawn every interval, not only when the count moves: a stalled import (slow
            // answers, waits between attempts, a stop waiting for the batches in flight) still
            // shows its time going on and its message (", stopping") at once.
            .continuousUpdate()
            .setConsumer(
                lineEnding =
                    new LineEnding(
                        width > 0
                            ? new ConsoleProgressBarConsumer(out, width)
                            : new ConsoleProgressBarConsumer(out)))
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
  public void tokensObtained(long count) {
    tokens.set(count);
    updateMessage();
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
  public void retrying(String batch, int attempt, String reason, Duration wait) {
    retries.incrementAndGet();
    updateMessage();
  }

  @Override
  public void stopping() {
    stopping.set(true);
    updateMessage();
  }

  @Override
  public void finished(ImportResult result) {
    ProgressBar current = bar;
    if (current != null) {
      tokens.set(result.tokenRefreshes());
      updateMessage();
      current.close();
      // The library ends the bar's line when it closes, but not when it is closed before its
      // first scheduled redraw: then we do, so that the summary starts on a line of its own.
      lineEnding.close();
    }
    Summaries.print(out, result, resumeCommand);
  }

  /** The library's console consumer, telling when it has ended the bar's line. */
  private static final class LineEnding implements ProgressBarConsumer {
    private final ProgressBarConsumer console;
    private final AtomicBoolean closed = new AtomicBoolean();

    LineEnding(ProgressBarConsumer console) {
      this.console = console;
    }

    @Override
    public int getMaxRenderedLength() {
      return console.getMaxRenderedLength();
    }

    @Override
    public void accept(String rendered) {
      console.accept(rendered);
    }

    /** Ends the line once, however often it is called. */
    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        console.close();
      }
    }
  }

  private void updateMessage() {
    ProgressBar current = bar;
    if (current != null) {
      long retried = retries.get();
      current.setExtraMessage(
          // The library prints the message right after the speed, with no separator of its own.
          " "
              + ImportResult.count(tokens.get(), "token")
              + (retried > 0 ? ", " + ImportResult.count(retried, "retry") : "")
              + (stopping.get() ? ", stopping" : ""));
    }
  }
}
