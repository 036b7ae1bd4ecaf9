package io.customauth.runner.imports;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.upload.RetryPolicy;
import io.customauth.runner.imports.upload.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How the engine runs, apart from what the connector says.
 *
 * @param stateDir where journals live; the CLI default is {@code .import-state} in the working
 *     directory
 * @param clock for Retry-After dates and durations
 * @param sleeper how waits between attempts are spent
 * @param tokenRefreshes how many credentials the host has seen the strategy obtain (counted from
 *     {@code AuthContext.credentialRefreshed}): the one counter of tokens obtained. The engine
 *     reports how much it grew during a run, in {@link ImportProgress#tokensObtained} and in {@link
 *     ImportResult#tokenRefreshes()}, so progress and summary agree
 * @param idGenerator new import ids
 * @param stopGrace how long an import asked to stop ({@link StopSignal}) waits for the batches in
 *     flight before it cancels them
 */
public record ImportOptions(
    Path stateDir,
    Clock clock,
    Sleeper sleeper,
    RetryPolicy retryPolicy,
    Duration connectTimeout,
    Duration responseTimeout,
    LongSupplier tokenRefreshes,
    Supplier<String> idGenerator,
    Duration stopGrace) {
  public static final Path DEFAULT_STATE_DIR = Path.of(".import-state");

  public ImportOptions {
    requireNonNull(stateDir, "stateDir");
    requireNonNull(clock, "clock");
    requireNonNull(sleeper, "sleeper");
    requireNonNull(retryPolicy, "retryPolicy");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(responseTimeout, "responseTimeout");
    requireNonNull(tokenRefreshes, "tokenRefreshes");
    requireNonNull(idGenerator, "idGenerator");
    requireNonNull(stopGrace, "stopGrace");
  }

  /** How long a stopped import waits for the batches in flight, by default. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);

  /**
   * Real time, {@code .import-state}, default retry policy, 10 s connect and 60 s response, 5 s for
   * batches in flight when stopped.
   */
  public static ImportOptions defaults() {
    return new ImportOptions(
        DEFAULT_STATE_DIR,
        Clock.systemUTC(),
        Sleeper.REAL,
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        () -> 0,
        ImportIds::newId,
        DEFAULT_STOP_GRACE);
  }

  public ImportOptions withStateDir(Path dir) {
    return new ImportOptions(
        dir,
        clock,
        sleeper,
        retryPolicy,
        connectTimeout,
        responseTimeout,
        tokenRefreshes,
        idGenerator,
        stopGrace);
  }

  public ImportOptions withTokenRefreshes(LongSupplier counter) {
    return new ImportOptions(
        stateDir,
        clock,
        sleeper,
        retryPolicy,
        connectTimeout,
        responseTimeout,
        counter,
        idGenerator,
        stopGrace);
  }

  public ImportOptions withTime(Clock newClock, Sleeper newSleeper) {
    return new ImportOptions(
        stateDir,
        newClock,
        newSleeper,
        retryPolicy,
        connectTimeout,
        responseTimeout,
        tokenRefreshes,
        idGenerator,
        stopGrace);
  }

  public ImportOptions withRetryPolicy(RetryPolicy policy) {
    return new ImportOptions(
        stateDir,
        clock,
        sleeper,
        policy,
        connectTimeout,
        responseTimeout,
        tokenRefreshes,
        idGenerator,
        stopGrace);
  }

  public ImportOptions withTimeouts(Duration connect, Duration response) {
    return new ImportOptions(
        stateDir,
        clock,
        sleeper,
        retryPolicy,
        connect,
        response,
        tokenRefreshes,
        idGenerator,
        stopGrace);
  }

  public ImportOptions withStopGrace(Duration grace) {
    return new ImportOptions(
        stateDir,
        clock,
        sleeper,
        retryPolicy,
        connectTimeout,
        responseTimeout,
        tokenRefreshes,
        idGenerator,
        grace);
  }
}
