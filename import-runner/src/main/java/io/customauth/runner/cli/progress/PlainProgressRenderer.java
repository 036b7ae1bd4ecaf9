package io.customauth.runner.cli.progress;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.ImportProgress;
import io.customauth.runner.imports.ImportResult;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Plain progress lines for logs and pipes, where a redrawn bar would be noise: one line at most
 * every {@code interval}, written when a batch is acknowledged (no timer thread), and the summary
 * at the end.
 */
public final class PlainProgressRenderer implements ImportProgress {
  private final PrintStream out;
  private final LongSupplier tokenRefreshes;
  private final Clock clock;
  private final Duration interval;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private volatile long total = -1;

  /**
   * The host's count when this renderer was made, before the engine fetches the first token, so
   * that the count shown is the one the summary reports.
   */
  private final long refreshesAtStart;

  private volatile long doneAtStart;
  private volatile Instant startedAt;
  private Instant lastLine;
  private String importId = "";

  public PlainProgressRenderer(
      PrintStream out, LongSupplier tokenRefreshes, Clock clock, Duration interval) {
    this.out = requireNonNull(out, "out");
    this.tokenRefreshes = requireNonNull(tokenRefreshes, "tokenRefreshes");
    this.clock = requireNonNull(clock, "clock");
    this.interval = requireNonNull(interval, "interval");
    this.refreshesAtStart = tokenRefreshes.getAsLong();
  }

  @Override
  public synchronized void started(
      String importId, OptionalLong estimatedRecords, long alreadyAcknowledged) {
    this.importId = importId;
    this.total = estimatedRecords.orElse(-1);
    this.done.set(alreadyAcknowledged);
    this.doneAtStart = alreadyAcknowledged;
    this.startedAt = clock.instant();
    this.lastLine = startedAt;
    out.println("Import " + importId + " started (resume with: import --resume " + importId + ")");
    if (alreadyAcknowledged > 0) {
      out.println("  " + alreadyAcknowledged + " records were acknowledged before; skipping them");
    }
  }

  @Override
  public void totalKnown(long records) {
    total = records;
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
  public synchronized void finished(ImportResult result) {
    out.println(result.summaryLine());
  }

  private String line(Instant now) {
    long records = done.get();
    long knownTotal = total;
    double seconds = Math.max(Duration.between(startedAt, now).toMillis(), 1) / 1000.0;
    double rate = (records - doneAtStart) / seconds;
    StringBuilder line = new StringBuilder("  ").append(importId).append(": ").append(records);
    if (knownTotal > 0) {
      line.append('/')
          .append(knownTotal)
          .append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, records * 100 / knownTotal)));
    }
    line.append(String.format(Locale.ROOT, " records, %.0f records/s", rate));
    if (knownTotal > 0 && rate > 0) {
      long eta = (long) (Math.max(knownTotal - records, 0) / rate);
      line.append(", ETA ").append(eta).append(" s");
    }
    line.append(", token refreshes: ")
        .append(tokenRefreshes.getAsLong() - refreshesAtStart)
        .append(", retries: ")
        .append(retries.get());
    return line.toString();
  }
}
