package io.customauth.runner.cli;

import io.customauth.runner.plugin.RedactedThrowable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;

/**
 * The causes of an unexpected failure as users may see them: class names and stack frames, never
 * messages, since a library's message may quote a URL's query, a token or a response.
 */
final class FailureChain {
  /** Bounds the output for a cyclic or absurdly deep chain. */
  private static final int MAX_CAUSES = 10;

  private static final int MAX_FRAMES = 60;

  private FailureChain() {}

  /**
   * The failure inside the wrappers that only say "it happened elsewhere": picocli's, a future's
   * ({@link CompletionException}, {@link ExecutionException}).
   */
  static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    for (int depth = 0; depth < MAX_CAUSES; depth++) {
      boolean wrapper =
          current instanceof CommandLine.ExecutionException
              || current instanceof CompletionException
              || current instanceof ExecutionException;
      if (!wrapper || current.getCause() == null || current.getCause() == current) {
        break;
      }
      current = current.getCause();
    }
    return current;
  }

  /** E.g. {@code java.lang.IllegalStateException caused by java.io.IOException}. */
  static String classNames(Throwable failure) {
    return String.join(
        " caused by ", chain(failure).stream().map(FailureChain::className).toList());
  }

  /** The chain with its stack frames ({@code at class.method(File.java:line)}), for --debug. */
  static void printFrames(Throwable failure, PrintWriter err) {
    boolean first = true;
    for (Throwable current : chain(failure)) {
      err.println((first ? "debug: " : "debug: caused by ") + className(current));
      first = false;
      StackTraceElement[] frames = current.getStackTrace();
      for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
        err.println("debug:     at " + frame(frames[i]));
      }
      if (frames.length > MAX_FRAMES) {
        err.println("debug:     ... " + (frames.length - MAX_FRAMES) + " more");
      }
    }
    err.flush();
  }

  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable current = failure;
        current != null && chain.size() < MAX_CAUSES && !chain.contains(current);
        current = current.getCause()) {
      chain.add(current);
    }
    return chain;
  }

  private static String className(Throwable failure) {
    return failure instanceof RedactedThrowable redacted
        ? redacted.originalClass()
        : failure.getClass().getName();
  }

  private static String frame(StackTraceElement frame) {
    String where =
        frame.getFileName() == null
            ? "Unknown Source"
            : frame.getLineNumber() >= 0
                ? frame.getFileName() + ":" + frame.getLineNumber()
                : frame.getFileName();
    return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
  }
}
