package io.customauth.runner.cli.progress;

import io.customauth.runner.imports.ImportProgress;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Chooses how progress is shown: a bar on a terminal, plain lines otherwise. */
public final class ProgressRenderers {
  /** How often a plain progress line is printed at most. */
  public static final Duration PLAIN_INTERVAL = Duration.ofSeconds(2);

  private ProgressRenderers() {}

  /**
   * Set by the launcher to whether standard error is a terminal ({@code [ -t 2 ]}): the JDK can
   * only tell whether the whole process has a console, which is the wrong question when just one
   * stream is redirected.
   */
  public static final String STDERR_IS_TERMINAL_PROPERTY = "import-runner.stderr-tty";

  /**
   * A bar when {@code terminal} says so or, when it is empty, when standard error is a terminal;
   * plain lines otherwise.
   *
   * @param out where progress goes; stderr in the CLI
   * @param terminal forces the choice (e.g. from a {@code --progress=bar|plain} option)
   * @param resumeCommand the command line that resumes the import of an id, printed when an import
   *     ends in a way that a resume can finish
   */
  public static ImportProgress forConsole(
      PrintStream out, Optional<Boolean> terminal, UnaryOperator<String> resumeCommand) {
    boolean bar = terminal.orElseGet(ProgressRenderers::stderrIsTerminal);
    return bar
        ? new ProgressBarRenderer(out, resumeCommand)
        : new PlainProgressRenderer(out, resumeCommand, Clock.systemUTC(), PLAIN_INTERVAL);
  }

  static boolean stderrIsTerminal() {
    String fromLauncher = System.getProperty(STDERR_IS_TERMINAL_PROPERTY);
    if (fromLauncher != null) {
      return Boolean.parseBoolean(fromLauncher);
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // From JDK 22 on, System.console() exists even when output is redirected; isTerminal() (JDK
    // 22+) tells the truth. Looked up reflectively because the build targets Java 17.
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17 to 21: a console means stdin and stdout are terminals
    }
  }
}
