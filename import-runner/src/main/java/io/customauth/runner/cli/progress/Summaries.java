package io.customauth.runner.cli.progress;

import io.customauth.runner.imports.ImportResult;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** The end of an import as both renderers print it. */
final class Summaries {
  private Summaries() {}

  /**
   * The result's summary, then, for an import that can be resumed (an interrupted one too), the
   * command that resumes it.
   */
  static void print(PrintStream out, ImportResult result, UnaryOperator<String> resumeCommand) {
    result.summaryLines().forEach(out::println);
    if (result.resumable()) {
      out.println("Resume with: " + resumeCommand.apply(result.importId().orElseThrow()));
    }
    out.flush();
  }

  /** {@code 42 s}, {@code 3:20}, {@code 1:03:20}. */
  static String clock(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    long hours = seconds / 3600;
    long minutes = seconds / 60 % 60;
    long rest = seconds % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, rest)
        : String.format(Locale.ROOT, "%d:%02d", minutes, rest);
  }
}
