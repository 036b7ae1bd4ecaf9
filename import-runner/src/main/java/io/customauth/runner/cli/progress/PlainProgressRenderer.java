package io.customauth.runner.cli.progress;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.ImportProgress;
import io.customauth.runner.imports.ImportResult;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Plain progress lines for logs and pipes, where a redrawn bar would be noise: one line at most
 * every {@code interval}, written when a batch is acknowledged (no timer thread), and the summary
 * at the end. Lines fit 80 columns for imports of up to millions of records.
 */
public final class PlainProgressRenderer implements ImportProgress {
  private final PrintStream out;
  private final UnaryOperator<String> resumeCommand;
  private final Clock clock;
  private final Duration interval;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private volatile long total = -1;
  private volatile long doneAtStart;
  private volatile Instant startedAt;
  private Instant lastLine;

  /**
   * @param out where progress goes; stderr in the CLI
   * @param resumeCommand the command line that resumes the import of an id, for the end of an
   *     import that can be resumed
   */
  public PlainProgressRenderer(
      PrintStream out, UnaryOperator<String> resumeCommand, Clock clock, Duration interval) {
    this.out = requireNonNull(out, "out");
    this.resumeCommand = requireNonNull(resumeCommand, "resumeCommand");
    this.clock = requireNonNull(clock, "clock");
    this.interval = requireNonNull(interval, "interval");
  }

  @Override
  public synchronized void started(
      String importId, OptionalLong estimatedRecords, long alreadyAcknowledged) {
    this.total = estimatedRecords.orElse(-1);
    this.done.set(alreadyAcknowledged);
    this.doneAtStart = alreadyAcknowledged;
    this.startedAt = clock.instant();
    this.lastLine = startedAt;
    out.println("Import " + importId + " started.");
    if (alreadyAcknowledged > 0) {
      out.println(
          "  "
              + ImportResult.count(alreadyAcknowledged, "record")
              + " acknowledged before; skipping them");
    }
  }

  @Override
  public void totalKnown(long records) {
    total = records;
  }

  @Override
  public void tokensObtained(long count) {
    tokens.set(count);
  }

  @Override
  public void batchAcknowledged(long records) {
    done.addAndGet(records);
    Instant now = clock.instant();
    synchronized (this) {
      if (lastLine == null || Duration.between(lastLine, now).compareTo(interval) < 0) {
        return;
      }
      lastLine = now;
      out.println(line(now));
    }
  }

  @Override
  public void retrying(String batch, int attempt, String reason, Duration wait) {
    retries.incrementAndGet();
    out.println(
        "  retrying "
            + batch
            + " after "
            + reason
            + " (attempt "
            + attempt
            + " failed; waiting "
            + wait.toMillis()
            + " ms)");
  }

  @Override
  public synchronized void stopping() {
    out.println("Stopping: nothing more is sent; waiting for the batches in flight.");
  }

  @Override
  public synchronized void finished(ImportResult result) {
    Summaries.print(out, result, resumeCommand);
  }

  private String line(Instant now) {
    long records = done.get();
    long knownTotal = total;
    double seconds = Math.max(Duration.between(startedAt, now).toMillis(), 1) / 1000.0;
    long rate = Math.round((records - doneAtStart) / seconds);
    StringBuilder line = new StringBuilder("  ").append(records);
    if (knownTotal > 0) {
      line.append('/')
          .append(ImportResult.count(knownTotal, "record"))
          .append(" (")
          .append(Math.min(100, records * 100 / knownTotal))
          .append("%)");
    } else {
      line.append(records == 1 ? " record" : " records");
    }
    line.append(", ").append(rate).append(" rec/s");
    if (knownTotal > 0 && rate > 0) {
      line.append(", ETA ").append(Summaries.clock(Math.max(knownTotal - records, 0) / rate));
    }
    line.append(", ").append(ImportResult.count(tokens.get(), "token"));
    long retried = retries.get();
    if (retried > 0) {
      line.append(", ").append(ImportResult.count(retried, "retry"));
    }
    return line.toString();
  }
}
