package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * The logger lent to plugins: one line per message on the error stream, so that standard output
 * stays clean for {@code --json}. A logged exception shows its class only: library exception
 * messages can quote URLs with query values, which are secrets.
 */
public final class StderrLogger implements System.Logger {
  private final String name;
  private final PrintWriter err;
  private final Level threshold;

  public StderrLogger(String name, PrintWriter err, Level threshold) {
    this.name = requireNonNull(name, "name");
    this.err = requireNonNull(err, "err");
    this.threshold = requireNonNull(threshold, "threshold");
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isLoggable(Level level) {
    return level != Level.OFF
        && threshold != Level.OFF
        && level.getSeverity() >= threshold.getSeverity();
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    if (!isLoggable(level)) {
      return;
    }
    String line = "[" + level.getName() + "] " + name + ": " + message;
    if (thrown != null) {
      line += " (" + thrown.getClass().getName() + ")";
    }
    write(line);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (!isLoggable(level)) {
      return;
    }
    String message =
        params == null || params.length == 0 ? format : new MessageFormat(format).format(params);
    write("[" + level.getName() + "] " + name + ": " + message);
  }

  private void write(String line) {
    synchronized (err) {
      err.println(line);
      err.flush();
    }
  }
}
