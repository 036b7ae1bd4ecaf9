package io.customauth.runner.plugin;

import java.util.ArrayList;
import java.util.List;

/**
 * Stands for an exception thrown by a plugin, keeping its class name, stack frames and causes but
 * not its message, which may quote a token or a configured value. {@link #toString()} is the
 * original class name.
 */
public final class RedactedThrowable extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_CAUSES = 10;

  private final String originalClass;

  private RedactedThrowable(Throwable original, RedactedThrowable cause) {
    super(original.getClass().getName(), cause, false, true);
    this.originalClass = original.getClass().getName();
    setStackTrace(original.getStackTrace());
  }

  /** A copy of {@code original} and its causes (at most ten), without their messages. */
  public static RedactedThrowable of(Throwable original) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable current = original;
        current != null && chain.size() < MAX_CAUSES && !chain.contains(current);
        current = current.getCause()) {
      chain.add(current);
    }
    RedactedThrowable copy = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      copy = new RedactedThrowable(chain.get(i), copy);
    }
    return copy;
  }

  /** The class of the exception this stands for, e.g. {@code java.lang.IllegalStateException}. */
  public String originalClass() {
    return originalClass;
  }

  @Override
  public String toString() {
    return originalClass;
  }
}
