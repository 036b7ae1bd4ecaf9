package io.customauth.runner.imports;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Chooses how progress is shown: a bar on a terminal, plain lines otherwise. */
public final class ProgressRenderers {
  /** How often a plain progress line is printed at most. */
  public static final Duration PLAIN_INTERVAL = Duration.ofSeconds(2);

  private ProgressRenderers() {}

  /**
   * A bar when {@code terminal} says so or, when it is empty, when the JVM has a console ({@link
   * System#console()}); plain lines otherwise.
   *
   * @param out where progress goes; stderr in the CLI
   * @param terminal forces the choice (e.g. from a {@code --progress=bar|plain} option)
   * @param tokenRefreshes the host's count of credentials obtained
   */
  public static ImportProgress forConsole(
      PrintStream out, Optional<Boolean> terminal, LongSupplier tokenRefreshes) {
    boolean bar = terminal.orElseGet(() -> System.console() != null);
    return bar
        ? new ProgressBarRenderer(out, tokenRefreshes)
        : new PlainProgressRenderer(out, tokenRefreshes, Clock.systemUTC(), PLAIN_INTERVAL);
  }
}
