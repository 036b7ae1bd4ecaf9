package io.customauth.runner.cli;

import io.customauth.runner.cli.progress.ProgressRenderers;
import io.customauth.runner.imports.ImportProgress;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/** {@code --progress}, for the commands that import: add it as a {@code @Mixin}. */
public final class ProgressOption {
  enum Style {
    auto,
    bar,
    plain
  }

  @Option(
      names = "--progress",
      paramLabel = "STYLE",
      description =
          "How progress is shown on standard error: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE},"
              + " a bar on a terminal, plain lines otherwise).",
      defaultValue = "auto")
  private Style style = Style.auto;

  /**
   * A renderer writing to {@code err}, the command's standard error.
   *
   * @param resumeCommand the command line that resumes the import of an id
   */
  ImportProgress renderer(PrintWriter err, UnaryOperator<String> resumeCommand) {
    Optional<Boolean> bar =
        switch (style) {
          case auto -> Optional.empty();
          case bar -> Optional.of(true);
          case plain -> Optional.of(false);
        };
    return ProgressRenderers.forConsole(printStream(err), bar, resumeCommand);
  }

  /**
   * The progress renderers write to a {@link PrintStream} (the progress bar library needs one);
   * this one forwards to picocli's error writer, so that tests capturing it see progress too.
   */
  private static PrintStream printStream(PrintWriter writer) {
    OutputStream forward =
        new OutputStream() {
          private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

          @Override
          public synchronized void write(int b) {
            pending.write(b);
          }

          @Override
          public synchronized void write(byte[] bytes, int offset, int length) {
            pending.write(bytes, offset, length);
          }

          @Override
          public synchronized void flush() {
            writer.write(pending.toString(StandardCharsets.UTF_8));
            writer.flush();
            pending.reset();
          }
        };
    return new PrintStream(forward, true, StandardCharsets.UTF_8);
  }
}
