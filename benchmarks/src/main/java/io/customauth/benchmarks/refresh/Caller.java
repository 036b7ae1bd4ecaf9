package io.customauth.benchmarks.refresh;

import io.customauth.benchmarks.hotpath.RequestHeaders;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One of the threads asking for the token continuously: each call is timed into this thread's own
 * histogram, allocated up front so that recording allocates nothing.
 */
final class Caller extends Thread {
  /** A call slower than this counts as blocked (it includes being descheduled: see the report). */
  static final long BLOCKED_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Library.Subject subject;
  private final long deadlineNanos;
  private final RequestHeaders headers = new RequestHeaders();

  final Histogram latencies = new Histogram(HIGHEST_NANOS, 3);
  long calls;
  long errors;
  long blocked;

  /** Set by {@link TokenClient#fetch()} when it runs on this thread. */
  volatile boolean ranTokenRequest;

  long callsThatRanTokenRequest;

  Caller(String name, Library.Subject subject, long deadlineNanos) {
    super(name);
    setDaemon(true); // a caller stuck in a library must not keep the JVM alive
    this.subject = subject;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public void run() {
    long now = System.nanoTime();
    while (now < deadlineNanos) {
      long start = now;
      try {
        subject.authorize(headers);
      } catch (RuntimeException e) {
        errors++;
      }
      now = System.nanoTime();
      long took = now - start;
      latencies.recordValue(Math.min(took, HIGHEST_NANOS));
      calls++;
      if (took >= BLOCKED_NANOS) {
        blocked++;
      }
      if (ranTokenRequest) {
        ranTokenRequest = false;
        callsThatRanTokenRequest++;
      }
    }
  }
}
