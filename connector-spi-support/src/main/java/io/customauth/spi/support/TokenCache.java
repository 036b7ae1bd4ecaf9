package io.customauth.spi.support;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one owner of a plugin's token: caches it, refreshes it ahead of expiry in the background, and
 * shares every fetch between the callers that need it at the same moment.
 *
 * <ul>
 *   <li><b>Expiry is decided when the token is read:</b> {@link #get()} compares the clock with the
 *       token's {@code expiresAt} on every call, so a token is never served after it, however late
 *       a timer runs. The hot path takes no lock: one volatile read, one clock read.
 *   <li><b>Single flight:</b> when no valid token is cached, the first caller fetches on its own
 *       thread and every other caller waits for that same fetch, sharing its result or its error.
 *   <li><b>Refresh ahead:</b> at the token's {@code refreshAt} a timer on the host's scheduler
 *       hands a fetch to an executor the cache owns (the host's timer threads are shared and must
 *       never block); meanwhile the current token is still served.
 *   <li><b>Failures:</b> a failed background refresh keeps serving the still-valid token, logs a
 *       warning (error code and message only), and retries with backoff: {@link #FIRST_RETRY},
 *       doubling, with jitter, capped at half the token's remaining life. Nothing is cached after a
 *       failure: the next blocking call tries again.
 *   <li><b>Compare-and-invalidate:</b> {@link #rejected} drops the token only if it is still the
 *       current one, so many requests failing with the same old token cause one new fetch.
 *   <li>A credential that does not expire ({@link Credential#nonExpiring}) is served until
 *       rejected; nothing is scheduled for it.
 * </ul>
 *
 * Thread-safe. {@link #get()} blocks only while no valid token exists.
 */
public final class TokenCache implements AutoCloseable {
  /** The first retry delay after a failed background refresh; it doubles with each failure. */
  public static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  /** Below this, a retry is pointless: the token is left to expire and callers fetch instead. */
  static final Duration SHORTEST_RETRY = Duration.ofMillis(100);

  /** One moment of the token's life. Never changed, only replaced. */
  private record State(Credential credential, CompletableFuture<Credential> fetch, boolean closed) {
    static final State EMPTY = new State(null, null, false);
    static final State CLOSED = new State(null, null, true);

    State withFetch(CompletableFuture<Credential> newFetch) {
      return new State(credential, newFetch, closed);
    }
  }

  private final TokenFetcher fetcher;
  private final Clock clock;
  private final ScheduledExecutorService timers;
  private final Executor work;
  private final ExecutorService owned;
  private final System.Logger logger;
  private final Consumer<Credential> onRefreshed;

  /** Written only while holding {@link #lock}; read without it. */
  private volatile State state = State.EMPTY;

  private final Object lock = new Object();

  /** The current credential's timers; guarded by {@link #lock}. */
  private final List<Future<?>> pending = new ArrayList<>();

  /** Background refreshes of the current credential that failed in a row; guarded by lock. */
  private int failedRefreshes;

  private TokenCache(
      TokenFetcher fetcher, AuthContext context, Executor work, ExecutorService owned) {
    this.fetcher = requireNonNull(fetcher, "fetcher");
    this.clock = requireNonNull(context.clock(), "context.clock()");
    this.timers = requireNonNull(context.scheduler(), "context.scheduler()");
    this.logger = requireNonNull(context.logger(), "context.logger()");
    this.onRefreshed = context::credentialRefreshed;
    this.work = requireNonNull(work, "work");
    this.owned = owned;
  }

  /**
   * A cache using the context's clock, scheduler (for timers only), logger and {@link
   * AuthContext#credentialRefreshed}, with a background thread of its own for refreshes ahead of
   * expiry, stopped by {@link #close()}.
   */
  public static TokenCache create(AuthContext context, TokenFetcher fetcher) {
    ExecutorService own =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "token-refresh");
              thread.setDaemon(true);
              return thread;
            });
    return new TokenCache(fetcher, context, own, own);
  }

  /**
   * A cache whose background refreshes run on {@code work}, which the caller owns and shuts down.
   * Tests pass {@code Runnable::run}, so that a refresh runs when the test moves the clock.
   */
  public static TokenCache create(AuthContext context, TokenFetcher fetcher, Executor work) {
    return new TokenCache(fetcher, context, work, null);
  }

  /**
   * A credential that has not expired. Returns at once while one is cached; otherwise fetches one,
   * sharing the fetch (or a background refresh in flight) with every concurrent caller.
   *
   * @throws AuthException the fetcher's own exception when no valid credential remains and the
   *     fetch failed
   * @throws IllegalStateException after {@link #close()}
   */
  public Credential get() {
    Credential current = state.credential;
    return current != null && valid(current) ? current : fetchWhileBlocking();
  }

  /**
   * Reports that the target refused {@code credential}. If it is still the current one it is
   * dropped and its timers cancelled, so the next {@link #get()} fetches; a report about an older
   * credential is ignored. A fetch already in flight is kept and shared.
   */
  public void rejected(Credential credential) {
    requireNonNull(credential, "credential");
    synchronized (lock) {
      State current = state;
      // Tokens, not instances: a host may hand back an equal copy.
      if (current.credential == null || !current.credential.token().equals(credential.token())) {
        return;
      }
      cancelTimers();
      state = new State(null, current.fetch, false);
    }
  }

  /**
   * Cancels every timer, fails callers waiting on a fetch with {@link IllegalStateException}, and
   * stops the cache's own thread. Idempotent; never throws.
   */
  @Override
  public void close() {
    CompletableFuture<Credential> fetch;
    synchronized (lock) {
      if (state.closed) {
        return;
      }
      fetch = state.fetch;
      cancelTimers();
      state = State.CLOSED;
    }
    if (fetch != null) {
      fetch.cancel(false);
    }
    if (owned != null) {
      owned.shutdownNow();
    }
  }

  /** The credential's fingerprint and times at most, never the token. */
  @Override
  public String toString() {
    State current = state;
    return current.closed
        ? "TokenCache[closed]"
        : "TokenCache[" + (current.credential == null ? "empty" : current.credential) + "]";
  }

  private boolean valid(Credential credential) {
    return credential.expiresAt() == null || clock.instant().isBefore(credential.expiresAt());
  }

  private Credential fetchWhileBlocking() {
    CompletableFuture<Credential> fetch;
    boolean mine = false;
    synchronized (lock) {
      State current = state;
      if (current.closed) {
        throw new IllegalStateException("the token cache is closed");
      }
      if (current.credential != null) {
        if (valid(current.credential)) {
          return current.credential;
        }
        cancelTimers(); // expired: retries of its refresh are pointless now
      }
      fetch = current.fetch;
      if (fetch == null) {
        fetch = new CompletableFuture<>();
        state = current.withFetch(fetch);
        mine = true;
      }
    }
    if (mine) {
      runFetch(fetch); // on this thread, so waiting callers never depend on a free background one
    }
    return await(fetch);
  }

  /** A timer at {@code refreshAt}, or a retry after a failed background refresh. */
  private void refreshInBackground(Credential scheduledFor) {
    CompletableFuture<Credential> fetch = new CompletableFuture<>();
    synchronized (lock) {
      State current = state;
      if (current.closed || current.credential != scheduledFor || current.fetch != null) {
        return; // a stale timer, or a fetch already running
      }
      state = current.withFetch(fetch);
    }
    runFetch(fetch);
  }

  private void runFetch(CompletableFuture<Credential> fetch) {
    Credential fresh;
    try {
      fresh = requireNonNull(fetcher.fetch(), "the token fetcher returned no credential");
    } catch (Throwable failure) { // every waiter must be released, whatever went wrong
      failed(fetch, failure);
      return;
    }
    Instant now = clock.instant();
    if (fresh.expiresAt() != null && !fresh.expiresAt().isAfter(now)) {
      failed(
          fetch,
          new AuthException(
              ErrorCode.EXPIRY_INVALID, "the fetched token expires at or before the current time"));
      return;
    }
    synchronized (lock) {
      if (state.fetch != fetch) {
        return; // closed meanwhile: close() has released the waiters
      }
      cancelTimers();
      failedRefreshes = 0;
      if (fresh.refreshAt() != null && fresh.refreshAt().isAfter(now)) {
        at(fresh.refreshAt(), () -> refreshInBackground(fresh));
      }
      state = new State(fresh, null, false);
    }
    fetch.complete(fresh);
    try {
      onRefreshed.accept(fresh);
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "credentialRefreshed failed: {0}", e.getClass().getName());
    }
  }

  private void failed(CompletableFuture<Credential> fetch, Throwable failure) {
    try {
      synchronized (lock) {
        State current = state;
        if (current.fetch == fetch) {
          state = current.withFetch(null);
          Credential still = current.credential;
          if (still != null && still.expiresAt() != null && valid(still)) {
            retryLater(still, failure);
          }
        }
      }
    } finally {
      fetch.completeExceptionally(failure); // waiters are released whatever happened above
    }
  }

  /** Under the lock, after a background refresh failed while its token is still valid. */
  private void retryLater(Credential valid, Throwable failure) {
    Instant now = clock.instant();
    Duration delay = retryDelay(++failedRefreshes, Duration.between(now, valid.expiresAt()));
    if (delay.isZero()) {
      logger.log(
          Level.WARNING,
          "background token refresh failed ({0}); serving the current token until it expires at"
              + " {1}",
          describe(failure),
          valid.expiresAt());
      return;
    }
    logger.log(
        Level.WARNING,
        "background token refresh failed ({0}); serving the current token until it expires at {1},"
            + " retry {2} in {3} ms",
        describe(failure),
        valid.expiresAt(),
        String.valueOf(failedRefreshes),
        String.valueOf(delay.toMillis()));
    at(now.plus(delay), () -> refreshInBackground(valid));
  }

  /**
   * The wait after failed refresh {@code attempt}: equal jitter on {@link #FIRST_RETRY} doubling,
   * capped at half the remaining life so the retry falls before expiry; zero when that is too
   * short.
   */
  static Duration retryDelay(int attempt, Duration remaining) {
    long cap = remaining.dividedBy(2).toMillis();
    if (cap < SHORTEST_RETRY.toMillis()) {
      return Duration.ZERO;
    }
    long exponential = FIRST_RETRY.toMillis() << Math.min(attempt - 1, 30);
    long delay = Math.min(cap, exponential);
    return Duration.ofMillis(
        delay / 2 + (long) (ThreadLocalRandom.current().nextDouble() * delay / 2));
  }

  /**
   * Under the lock: a timer on the host's scheduler that only hands {@code task} to the work
   * executor, since the host's timer threads are shared and a fetch blocks.
   */
  private void at(Instant due, Runnable task) {
    long delay = Math.max(0, TimeUnit.NANOSECONDS.convert(Duration.between(clock.instant(), due)));
    try {
      pending.add(timers.schedule(() -> handOff(task), delay, TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException refused) {
      // Only the refresh ahead is lost: expiry is still checked on every read.
      logger.log(Level.WARNING, "the token refresh could not be scheduled; fetching at expiry");
    }
  }

  private void handOff(Runnable task) {
    try {
      work.execute(task);
    } catch (RejectedExecutionException closed) {
      // The cache was closed: its background work no longer matters.
    }
  }

  private void cancelTimers() {
    for (Future<?> timer : pending) {
      timer.cancel(false);
    }
    pending.clear();
  }

  /**
   * The code and message of an {@link AuthException} hold no secret; of anything else, the class.
   */
  private static String describe(Throwable failure) {
    return failure instanceof AuthException auth
        ? auth.code() + ": " + auth.getMessage()
        : failure.getClass().getName();
  }

  private static Credential await(CompletableFuture<Credential> fetch) {
    try {
      return fetch.get();
    } catch (ExecutionException e) {
      // The fetcher's own exception, not a wrapper: callers switch on AuthException.code().
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("the token fetch failed", cause);
    } catch (CancellationException e) {
      throw new IllegalStateException("the token cache is closed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuthException(
          ErrorCode.ENDPOINT_UNAVAILABLE, "interrupted while waiting for a token", e);
    }
  }
}
