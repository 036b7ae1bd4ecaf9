package io.customauth.plugin.custom.exchange;

import java.time.Duration;

/** Waits between attempts. Tests pass one that records the wait instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the calling thread. */
  Sleeper THREAD =
      duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

  void sleep(Duration duration) throws InterruptedException;
}
