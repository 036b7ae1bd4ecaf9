package io.customauth.runner.cli;

import io.customauth.runner.imports.StopSignal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a {@link StopSignal} for the import a command runs, then
 * lets the command finish its summary before the process ends with the command's exit code (130 for
 * an interrupted import, whichever of the two signals it was).
 *
 * <p>A JVM shutdown hook: the JVM's own handlers for both signals run the hooks, so no internal
 * signal API is needed. While hooks run, the main thread goes on; this hook waits (boundedly) for
 * it to report its exit code, then halts with that code, since {@code System.exit} from the main
 * thread blocks once the JVM is shutting down, and the JVM would otherwise exit 143 on SIGTERM.
 *
 * <p>Removed again by {@link #close()}, so an in-process run (tests) leaves nothing behind, and a
 * normal exit never waits on it.
 */
final class InterruptHook implements AutoCloseable {
  private final StopSignal stop = new StopSignal();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicInteger exitCode = new AtomicInteger(ExitCodes.INTERRUPTED);
  private final Duration patience;
  private final Thread hook;

  private InterruptHook(Duration patience) {
    this.patience = patience;
    this.hook = new Thread(this::onShutdown, "import-interrupt");
  }

  /** Installs a hook that waits up to {@code patience} for the command to report its exit code. */
  static InterruptHook install(Duration patience) {
    InterruptHook interrupts = new InterruptHook(patience);
    Runtime.getRuntime().addShutdownHook(interrupts.hook);
    return interrupts;
  }

  /** What the import listens to. */
  StopSignal stop() {
    return stop;
  }

  /** The command printed everything; {@code code} is its exit code. */
  void finished(int code) {
    exitCode.set(code);
    finished.countDown();
  }

  private void onShutdown() {
    stop.request();
    try {
      finished.await(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(exitCode.get());
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is running and ends the process with our code.
    }
  }
}
