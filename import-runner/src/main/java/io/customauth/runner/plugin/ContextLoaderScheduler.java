package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The host's scheduler as one plugin sees it: every task runs with the plugin's context class
 * loader. The host owns the scheduler and shares it between plugins, so shutting it down through
 * this view is refused with {@link UnsupportedOperationException}, which reaches users as the
 * plugin's failure. Thread-safe.
 */
final class ContextLoaderScheduler implements ScheduledExecutorService {
  private final ScheduledExecutorService host;
  private final PluginBoundary boundary;

  ContextLoaderScheduler(ScheduledExecutorService host, PluginBoundary boundary) {
    this.host = requireNonNull(host, "host");
    this.boundary = requireNonNull(boundary, "boundary");
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return host.schedule(boundary.withLoader(command), delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return host.schedule(boundary.withLoader(callable), delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return host.scheduleAtFixedRate(boundary.withLoader(command), initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return host.scheduleWithFixedDelay(boundary.withLoader(command), initialDelay, delay, unit);
  }

  @Override
  public void execute(Runnable command) {
    host.execute(boundary.withLoader(command));
  }

  @Override
  public Future<?> submit(Runnable task) {
    return host.submit(boundary.withLoader(task));
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return host.submit(boundary.withLoader(task), result);
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return host.submit(boundary.withLoader(task));
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return host.invokeAll(wrapped(tasks));
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return host.invokeAll(wrapped(tasks), timeout, unit);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    return host.invokeAny(wrapped(tasks));
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return host.invokeAny(wrapped(tasks), timeout, unit);
  }

  @Override
  public void shutdown() {
    throw refused();
  }

  @Override
  public List<Runnable> shutdownNow() {
    throw refused();
  }

  @Override
  public boolean isShutdown() {
    return host.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return host.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return host.awaitTermination(timeout, unit);
  }

  private <T> List<Callable<T>> wrapped(Collection<? extends Callable<T>> tasks) {
    return tasks.stream().map(boundary::withLoader).toList();
  }

  private static UnsupportedOperationException refused() {
    return new UnsupportedOperationException(
        "the host's scheduler is shared by every plugin: a strategy must not shut it down");
  }
}
