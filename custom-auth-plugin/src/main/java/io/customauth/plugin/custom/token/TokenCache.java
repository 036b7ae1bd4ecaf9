package io.customauth.plugin.custom.token;

import static java.util.Objects.requireNonNull;

import io.customauth.plugin.custom.exchange.Backoff;
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
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The one owner of a connector's token: caches it, refreshes it ahead of expiry in the background,
 * and shares every fetch between the callers that need it at the same moment.
 *
 * <p>A token moves through FRESH (served), STALE (served; a background refresh started at {@link
 * Credential#refreshAt()}) and EXPIRED (no longer served, from {@link Credential#expiresAt()} on).
 * The state is one immutable snapshot behind one {@code volatile} field, replaced only under a
 * private lock, which keeps every transition a plain read-check-write with no retry loop; readers
 * never take it.
 *
 * <p><b>Expiry is decided when the token is read.</b> {@link #get()} compares one clock read with
 * the expiry kept in the snapshot as epoch milliseconds, so a token is never served at or after its
 * {@code expiresAt} by that clock, however late a timer runs (a busy scheduler, a suspended
 * process, a clock step). Timers serve only the refresh ahead of expiry and its retries. The hot
 * path takes no lock and allocates nothing: one volatile read, one clock read, one comparison. With
 * the system clock the strategy passes a {@link CoarseClock}, whose read is a volatile field at
 * most about {@value CoarseClock#TICK_MILLIS} ms behind.
 *
 * <p>A credential that does not expire ({@link Credential#nonExpiring}) is served until {@link
 * #rejected}; nothing is scheduled for it.
 *
 * <p><b>Failures.</b> A failed background refresh keeps serving the still-valid token, logs a
 * warning (error code and message only: they never carry secrets) and retries with backoff ({@link
 * Backoff}, base {@link #FIRST_RETRY}, capped at half the remaining life so the retry falls before
 * expiry). Callers see an error only when no valid token remains: the next {@link #get()} then
 * fetches while blocking, and every caller waiting on that fetch gets the same original {@link
 * AuthException}. Nothing is cached after a failure: the next call tries again.
 *
 * <p>Thread-safe. {@link #get()} may block only while no valid token exists.
 */
public final class TokenCache implements AutoCloseable {
  /** First retry delay of a failed background refresh; it doubles with every further failure. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  /** Below this, a retry is pointless: the token is left to expire and callers fetch instead. */
  static final Duration SHORTEST_RETRY = Duration.ofMillis(100);

  private enum Phase {
    EMPTY,
    FRESH,
    STALE,
    EXPIRED,
    CLOSED
  }

  /** One moment of the token's life. Never changed, only replaced. */
  private static final class State {
    static final State EMPTY = new State(Phase.EMPTY, null, null);
    static final State CLOSED = new State(Phase.CLOSED, null, null);

    final Phase phase;

    /** The last credential obtained, kept after expiry so events can tell whose they are. */
    final Credential credential;

    /** {@link #credential} while it may be served, else null: read by the hot path. */
    final Credential served;

    /** The served credential's expiry in epoch milliseconds; {@code Long.MAX_VALUE} for none. */
    final long servedUntilMillis;

    /** The fetch in flight, shared by every caller that needs its result; null when none. */
    final CompletableFuture<Credential> fetch;

    State(Phase phase, Credential credential, CompletableFuture<Credential> fetch) {
      this.phase = phase;
      this.credential = credential;
      this.fetch = fetch;
      this.served = phase == Phase.FRESH || phase == Phase.STALE ? credential : null;
      this.servedUntilMillis =
          served == null
              ? Long.MIN_VALUE
              : served.expiresAt() == null ? Long.MAX_VALUE : epochMillis(served.expiresAt());
    }

    /** Saturates: an instant beyond the range of epoch milliseconds is as good as never. */
    private static long epochMillis(Instant instant) {
      try {
        return instant.toEpochMilli();
      } catch (ArithmeticException e) {
        return instant.isAfter(Instant.EPOCH) ? Long.MAX_VALUE : Long.MIN_VALUE;
      }
    }

    State withFetch(CompletableFuture<Credential> newFetch) {
      return new State(phase == Phase.FRESH ? Phase.STALE : phase, credential, newFetch);
    }
  }

  private final TokenSource source;
  private final Scheduler scheduler;
  private final Clock clock;
  private final DoubleSupplier random;
  private final System.Logger logger;
  private final Consumer<Credential> onRefreshed;

  /** Written only while holding {@link #lock}; read without it. */
  private volatile State state = State.EMPTY;

  private final Object lock = new Object();

  /** The current credential's timed events; guarded by {@link #lock}. */
  private final List<Future<?>> timers = new ArrayList<>();

  /** Background refreshes of the current credential that failed in a row; guarded by lock. */
  private int failedRefreshes;

  /**
   * @param source fetches a new credential; called by one thread at a time
   * @param scheduler runs the timed events and background refreshes; its clock is the only one used
   * @param logger receives warnings about failed background refreshes, never a token
   * @param onRefreshed told once per newly obtained credential, on the thread that fetched it; must
   *     not block
   */
  public TokenCache(
      TokenSource source,
      Scheduler scheduler,
      System.Logger logger,
      Consumer<Credential> onRefreshed) {
    this(source, scheduler, logger, onRefreshed, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param random numbers in {@code [0, 1)} for the jitter of retries after a failed background
   *     refresh
   */
  public TokenCache(
      TokenSource source,
      Scheduler scheduler,
      System.Logger logger,
      Consumer<Credential> onRefreshed,
      DoubleSupplier random) {
    this.source = requireNonNull(source, "source");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.clock = scheduler.clock();
    this.random = requireNonNull(random, "random");
    this.logger = requireNonNull(logger, "logger");
    this.onRefreshed = requireNonNull(onRefreshed, "onRefreshed");
  }

  /**
   * A credential that has not expired. Returns at once while one is cached; otherwise fetches one,
   * sharing the fetch (or a background refresh already in flight) with every concurrent caller.
   *
   * @throws AuthException the {@link TokenSource}'s own exception when no valid credential remains
   *     and the fetch failed
   * @throws IllegalStateException after {@link #close()}
   */
  public Credential get() {
    State current = state;
    Credential served = current.served;
    return served != null && clock.millis() < current.servedUntilMillis
        ? served
        : fetchWhileBlocking();
  }

  /**
   * Reports that the target answered 401 for {@code credential}. If it is still the current one it
   * is dropped and its timers cancelled, so the next {@link #get()} fetches; a report about an
   * older credential is ignored. A refresh already in flight is kept and shared.
   */
  public void rejected(Credential credential) {
    requireNonNull(credential, "credential");
    synchronized (lock) {
      State current = state;
      // Comparing tokens, not just instances: the host may hand back an equal copy.
      if (current.credential == null || !current.credential.token().equals(credential.token())) {
        return;
      }
      cancelTimers();
      state = new State(Phase.EMPTY, null, current.fetch);
    }
  }

  /**
   * Cancels every timed event and fails callers waiting on a fetch with {@link
   * IllegalStateException}. A fetch already running is left to finish and its result dropped.
   * Idempotent.
   */
  @Override
  public void close() {
    CompletableFuture<Credential> fetch;
    synchronized (lock) {
      if (state.phase == Phase.CLOSED) {
        return;
      }
      fetch = state.fetch;
      cancelTimers();
      state = State.CLOSED;
    }
    if (fetch != null) {
      fetch.cancel(false);
    }
  }

  /** Names the phase and the token's fingerprint, never the token. */
  @Override
  public String toString() {
    State current = state;
    return current.credential == null
        ? "TokenCache[" + current.phase + "]"
        : "TokenCache[" + current.phase + ", " + current.credential + "]";
  }

  private Credential fetchWhileBlocking() {
    CompletableFuture<Credential> fetch;
    boolean mine = false;
    synchronized (lock) {
      State current = state;
      if (current.phase == Phase.CLOSED) {
        throw new IllegalStateException("the token cache is closed");
      }
      if (current.served != null) {
        if (clock.millis() < current.servedUntilMillis) {
          return current.served;
        }
        // Expired: timers may run late, so this is where expiry takes effect. Pending retries are
        // pointless now; a refresh in flight is kept and joined.
        cancelTimers();
        current = new State(Phase.EXPIRED, current.credential, current.fetch);
        state = current;
      }
      fetch = current.fetch;
      if (fetch == null) {
        fetch = new CompletableFuture<>();
        state = current.withFetch(fetch);
        mine = true;
      }
    }
    // The first caller fetches on its own thread, so waiting callers never depend on a free
    // scheduler thread; the others wait for the same result.
    if (mine) {
      runFetch(fetch);
    }
    return await(fetch);
  }

  /** The timed event at {@code refreshAt}, and each retry after a failed background refresh. */
  private void refreshInBackground(Credential scheduledFor) {
    CompletableFuture<Credential> fetch = new CompletableFuture<>();
    synchronized (lock) {
      State current = state;
      // A stale event (its credential replaced, rejected or expired) or a fetch already running.
      if (current.served != scheduledFor || current.fetch != null) {
        return;
      }
      state = current.withFetch(fetch);
    }
    runFetch(fetch);
  }

  private void runFetch(CompletableFuture<Credential> fetch) {
    Credential fresh;
    try {
      fresh = requireNonNull(source.fetch(), "the token source returned no credential");
    } catch (Throwable failure) { // every waiter must be released, whatever went wrong
      failed(fetch, failure);
      return;
    }
    installed(fetch, fresh);
  }

  private void installed(CompletableFuture<Credential> fetch, Credential fresh) {
    Instant now = clock.instant();
    if (fresh.expiry().isPresent() && !fresh.expiresAt().isAfter(now)) {
      // The source validates expiry; were it to slip, serving or rescheduling would only loop.
      failed(
          fetch,
          new AuthException(
              ErrorCode.EXPIRY_INVALID,
              "the token endpoint answered a token that expires at "
                  + fresh.expiresAt()
                  + ", which is not after now ("
                  + now
                  + ")"));
      return;
    }
    synchronized (lock) {
      if (state.fetch != fetch) {
        return; // closed meanwhile: close() has already released the waiters
      }
      cancelTimers(); // the previous credential's events must never touch this one
      failedRefreshes = 0;
      // A refresh already due is not scheduled: the token is served until expiry rather than
      // refreshed back to back. A refused timer only loses the refresh ahead: expiry still holds.
      if (fresh.refreshTime().isPresent() && fresh.refreshAt().isAfter(now)) {
        try {
          timers.add(scheduler.schedule(fresh.refreshAt(), () -> refreshInBackground(fresh)));
        } catch (RuntimeException schedulerRefused) {
          logger.log(
              Level.WARNING,
              "the token refresh could not be scheduled ({0}); a new token is fetched at expiry",
              schedulerRefused.getClass().getName());
        }
      }
      state = new State(Phase.FRESH, fresh, null);
    }
    fetch.complete(fresh);
    try {
      onRefreshed.accept(fresh);
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "the token refresh listener failed: {0}", e.getClass().getName());
    }
  }

  private void failed(CompletableFuture<Credential> fetch, Throwable failure) {
    try {
      synchronized (lock) {
        State current = state;
        if (current.fetch == fetch) {
          state = new State(current.phase, current.credential, null);
          if (current.served != null && current.served.expiry().isPresent()) {
            retryLater(current.served, failure);
          }
        }
      }
    } finally {
      fetch.completeExceptionally(failure); // waiters are released whatever happened above
    }
  }

  /** Called under the lock after a background refresh failed while its token is still valid. */
  private void retryLater(Credential valid, Throwable failure) {
    Instant now = clock.instant();
    Duration delay =
        retryDelay(++failedRefreshes, Duration.between(now, valid.expiresAt()), random);
    if (delay.isZero()) {
      logger.log(
          Level.WARNING,
          "background token refresh failed ({0}); serving the current token until it expires at"
              + " {1}, then fetching again",
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
    timers.add(scheduler.schedule(now.plus(delay), () -> refreshInBackground(valid)));
  }

  /**
   * The {@link Backoff} after failed refresh {@code attempt}, capped at half the token's remaining
   * life so that the retry falls before expiry. Zero when that cap is too short for a useful retry.
   */
  static Duration retryDelay(int attempt, Duration remaining, DoubleSupplier random) {
    long capMillis = remaining.dividedBy(2).toMillis();
    if (capMillis < SHORTEST_RETRY.toMillis()) {
      return Duration.ZERO;
    }
    return Duration.ofMillis(
        Backoff.waitMillis(attempt, FIRST_RETRY.toMillis(), capMillis, random.getAsDouble()));
  }

  /** The code and message of an {@link AuthException} are safe to log; anything else is a bug. */
  private static String describe(Throwable failure) {
    return failure instanceof AuthException auth
        ? auth.code() + ": " + auth.getMessage()
        : failure.getClass().getName();
  }

  /** Guarded by {@link #lock}. Each event also checks its credential, so a late one is harmless. */
  private void cancelTimers() {
    for (Future<?> timer : timers) {
      timer.cancel(false);
    }
    timers.clear();
  }

  private static Credential await(CompletableFuture<Credential> fetch) {
    try {
      return fetch.get();
    } catch (ExecutionException e) {
      // Rethrow the source's own exception, not a wrapper: callers switch on AuthException.code().
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
