package io.customauth.plugin.custom.exchange;

/**
 * The one backoff semantics of the product, shared with the runner (which has its own copy, tested
 * against the same vectors in {@code testdata/backoff-vectors.csv}): equal jitter on the capped
 * exponential.
 *
 * <pre>
 * delay(n) = min(cap, base * 2^(n-1))
 * wait     = floor(delay / 2 + random * delay / 2)    random in [0, 1)
 * </pre>
 *
 * Half of each wait is fixed, so waits still grow; half is random, so that many clients failing
 * together do not retry in step. Capping before jittering keeps jitter at the cap too.
 */
public final class Backoff {
  private Backoff() {}

  /**
   * The wait in milliseconds after failed attempt {@code attempt}.
   *
   * @param attempt 1 for the first failure
   * @param baseMillis the delay after the first failure, before jitter; not negative
   * @param capMillis no delay is longer, before jitter; not negative
   * @param random a number in {@code [0, 1)}
   */
  public static long waitMillis(int attempt, long baseMillis, long capMillis, double random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1");
    }
    if (baseMillis < 0 || capMillis < 0) {
      throw new IllegalArgumentException("base and cap must not be negative");
    }
    if (!(random >= 0 && random < 1)) {
      throw new IllegalArgumentException("random must be in [0, 1)");
    }
    int shift = attempt - 1;
    // Saturates instead of overflowing: after enough failures the cap is all that matters.
    long exponential =
        shift >= Long.SIZE - 1 || baseMillis > (Long.MAX_VALUE >> shift)
            ? Long.MAX_VALUE
            : baseMillis << shift;
    long delay = Math.min(capMillis, exponential);
    return (long) Math.floor(delay / 2.0 + random * delay / 2.0);
  }
}
