package io.customauth.plugin.custom.token;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link System.Logger} that keeps every message, formatted, so tests can read what was logged.
 */
public final class RecordingLogger implements System.Logger {
  /** One log call: its level, formatted message and the throwable passed with it, if any. */
  public record Entry(Level level, String message, Throwable thrown) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** The formatted messages at {@code level}. */
  public List<String> messages(Level level) {
    return entries.stream().filter(e -> e.level() == level).map(Entry::message).toList();
  }

  @Override
  public String getName() {
    return "recording";
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    entries.add(new Entry(level, msg, thrown));
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    String message =
        params == null || params.length == 0 ? format : MessageFormat.format(format, params);
    entries.add(new Entry(level, message, null));
  }
}
