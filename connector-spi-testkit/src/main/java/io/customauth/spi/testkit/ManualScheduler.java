package io.customauth.spi.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} on a {@link MutableClock} where nothing runs until the test
 * moves the clock: the scheduler a {@link TestAuthContext} lends a strategy, so that a test of a
 * refresh ahead of expiry or of a retry after backoff moves time instead of sleeping.
 *
 * <ul>
 *   <li>{@code schedule} and {@code execute} only queue; they never run a task on the caller's
 *       thread, so code that schedules while holding a lock cannot re-enter itself.
 *   <li>{@link #advance}/{@link #advanceTo} run every due task on the calling thread, in order of
 *       due time (then of submission), with the clock set to each task's due instant, then move the
 *       clock to the target. Tasks that those tasks schedule within the target run too.
 *   <li>A task that throws fails the {@code advance} call, so a broken timer fails the test.
 * </ul>
 *
 * <p>Like the host's scheduler, a strategy must not shut it down: {@link #shutdown} is recorded
 * ({@link #wasShutDown()}) so that a test can fail on it. Thread-safe.
 */
public final class ManualScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {
  /** Guards against a task that keeps rescheduling itself for now: a test must not hang. */
  private static final int MAX_TASKS_PER_ADVANCE = 10_000;

  private final MutableClock clock;
  private final PriorityQueue<Task<?>> queue =
      new PriorityQueue<>(
          Comparator.comparing((Task<?> t) -> t.due).thenComparingLong(t -> t.sequence));
  private long submitted;
  private volatile boolean shutDown;

  public ManualScheduler(MutableClock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /** Moves the clock forward by {@code amount}, running every task that falls due on the way. */
  public void advance(Duration amount) {
    advanceTo(clock.instant().plus(amount));
  }

  /** Moves the clock to {@code target}, running every task due by then (see the class comment). */
  public void advanceTo(Instant target) {
    for (int ran = 0; ; ran++) {
      if (ran == MAX_TASKS_PER_ADVANCE) {
        throw new IllegalStateException("more than " + ran + " tasks in one advance: a loop?");
      }
      Task<?> next = nextDue(target);
      if (next == null) {
        break;
      }
      clock.advanceTo(next.due);
      next.runAndRethrow();
    }
    clock.advanceTo(target);
  }

  /** Runs what is due now, {@code execute}d tasks included, without moving the clock. */
  public void runDueTasks() {
    advanceTo(clock.instant());
  }

  /** How many tasks wait, cancelled ones not counted. */
  public synchronized int pendingTasks() {
    queue.removeIf(Task::isCancelled);
    return queue.size();
  }

  /** Whether something called {@link #shutdown} or {@link #shutdownNow}: a strategy must not. */
  public boolean wasShutDown() {
    return shutDown;
  }

  private synchronized Task<?> nextDue(Instant target) {
    queue.removeIf(Task::isCancelled);
    Task<?> head = queue.peek();
    return head != null && !head.due.isAfter(target) ? queue.poll() : null;
  }

  private synchronized <V> Task<V> enqueue(Task<V> task) {
    queue.add(task);
    return task;
  }

  private Instant dueAfter(long delay, TimeUnit unit) {
    return clock.instant().plus(Duration.ofNanos(Math.max(0, unit.toNanos(delay))));
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    requireNonNull(command, "command");
    return enqueue(new Task<Void>(dueAfter(delay, unit), sequence(), command, null));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    requireNonNull(callable, "callable");
    return enqueue(new Task<>(dueAfter(delay, unit), sequence(), callable));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return repeating(command, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return repeating(command, initialDelay, delay, unit);
  }

  /** Time does not pass while a task runs here, so fixed rate and fixed delay are the same. */
  private ScheduledFuture<?> repeating(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    requireNonNull(command, "command");
    if (period <= 0) {
      throw new IllegalArgumentException("period must be positive");
    }
    Duration every = Duration.ofNanos(unit.toNanos(period));
    Repeating repeating = new Repeating(command, every);
    repeating.current = enqueue(repeating.next(dueAfter(initialDelay, unit)));
    return repeating.current;
  }

  private final class Repeating {
    final Runnable command;
    final Duration every;
    volatile Task<Void> current;

    Repeating(Runnable command, Duration every) {
      this.command = command;
      this.every = every;
    }

    Task<Void> next(Instant due) {
      return new Task<>(
          due,
          sequence(),
          () -> {
            command.run();
            current = enqueue(next(clock.instant().plus(every)));
          },
          null);
    }
  }

  private synchronized long sequence() {
    return submitted++;
  }

  /**
   * Queues {@code command} as due now: it runs at the next {@link #advance} or {@link
   * #runDueTasks}.
   */
  @Override
  public void execute(Runnable command) {
    if (shutDown) {
      throw new RejectedExecutionException("the scheduler was shut down");
    }
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    shutDown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutDown = true;
    synchronized (this) {
      List<Runnable> waiting = new ArrayList<>(queue);
      queue.clear();
      return waiting;
    }
  }

  @Override
  public boolean isShutdown() {
    return shutDown;
  }

  @Override
  public boolean isTerminated() {
    return shutDown && pendingTasks() == 0;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    final Instant due;
    final long sequence;

    Task(Instant due, long sequence, Runnable runnable, V result) {
      super(runnable, result);
      this.due = due;
      this.sequence = sequence;
    }

    Task(Instant due, long sequence, Callable<V> callable) {
      super(callable);
      this.due = due;
      this.sequence = sequence;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due));
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    void runAndRethrow() {
      run();
      if (isCancelled()) {
        return;
      }
      try {
        get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
