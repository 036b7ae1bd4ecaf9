package io.customauth.plugin.custom.token;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * A {@link Scheduler} on a {@link MutableClock} where nothing runs until the test says so.
 *
 * <ul>
 *   <li>{@link #schedule} and {@link #execute} only queue; they never run a task inline, so code
 *       that schedules while holding a lock cannot re-enter itself. {@link #execute} queues the
 *       task as due now.
 *   <li>{@link #advance}/{@link #advanceTo} run every due task on the calling thread, in order of
 *       due time (then of submission), each with the clock set to its own due instant, and only
 *       then move the clock to the target. So a task sees the time it asked for, tasks it schedules
 *       for earlier than the target also run, and a test that returns from {@code advance} knows
 *       all of that work is done.
 *   <li>A task that throws fails the {@code advance} call, so a broken event fails the test.
 * </ul>
 *
 * <p>Thread-safe: other threads may schedule while a test advances, and two threads may advance at
 * once (one of them blocked inside a task, say); each task still runs once.
 */
public final class ManualScheduler implements Scheduler {
  /** Guards against a task that keeps rescheduling itself for now: a test must not hang. */
  private static final int MAX_TASKS_PER_ADVANCE = 10_000;

  private final MutableClock clock;
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.seq));
  private long submitted;

  public ManualScheduler(MutableClock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public synchronized Future<?> schedule(Instant at, Runnable task) {
    Task scheduled = new Task(requireNonNull(at, "at"), submitted++, requireNonNull(task, "task"));
    queue.add(scheduled);
    return scheduled;
  }

  @Override
  public void execute(Runnable task) {
    schedule(clock.instant(), task);
  }

  /** Moves the clock forward by {@code amount}, running every task that falls due on the way. */
  public void advance(Duration amount) {
    advanceTo(clock.instant().plus(amount));
  }

  /** Moves the clock to {@code target}, running every task due by then; see the class comment. */
  public void advanceTo(Instant target) {
    for (int ran = 0; ; ran++) {
      if (ran == MAX_TASKS_PER_ADVANCE) {
        throw new IllegalStateException("more than " + ran + " tasks in one advance: a loop?");
      }
      Task next = nextDue(target);
      if (next == null) {
        break;
      }
      clock.advanceTo(next.due);
      next.runAndRethrow();
    }
    clock.advanceTo(target);
  }

  /** Runs what is due now (including {@link #execute}d tasks) without moving the clock. */
  public void runDueTasks() {
    advanceTo(clock.instant());
  }

  /** When the earliest task still waiting is due, if any. */
  public synchronized Optional<Instant> nextDueTime() {
    queue.removeIf(Future::isCancelled);
    return Optional.ofNullable(queue.peek()).map(t -> t.due);
  }

  /** How many tasks are waiting, cancelled ones not counted. */
  public synchronized int pendingTasks() {
    queue.removeIf(Future::isCancelled);
    return queue.size();
  }

  private synchronized Task nextDue(Instant target) {
    queue.removeIf(Future::isCancelled);
    Task head = queue.peek();
    return head != null && !head.due.isAfter(target) ? queue.poll() : null;
  }

  private static final class Task extends FutureTask<Void> {
    final Instant due;
    final long seq;

    Task(Instant due, long seq, Runnable task) {
      super(task, null);
      this.due = due;
      this.seq = seq;
    }

    void runAndRethrow() {
      run();
      if (isCancelled()) {
        return; // cancelled before or while it ran: either way nothing to report
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
      } catch (InterruptedException | CancellationException e) {
        throw new IllegalStateException("a task that just ran cannot be pending", e);
      }
    }
  }
}
