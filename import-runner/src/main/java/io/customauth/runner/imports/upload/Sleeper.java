package io.customauth.runner.imports.upload;

import java.time.Duration;

/** Waits between attempts. Injected so that tests record the waits instead of spending them. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
