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
 *     {@code AuthContext.credentialRefreshed}); the import reports how much it grew
 * @param idGenerator new import ids
 */
public record ImportOptions(
    Path stateDir,
    Clock clock,
    Sleeper sleeper,
    RetryPolicy retryPolicy,
    Duration connectTimeout,
    Duration responseTimeout,
    LongSupplier tokenRefreshes,
    Supplier<String> idGenerator) {
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
  }

  /** Real time, {@code .import-state}, default retry policy, 10 s connect and 60 s response. */
  public static ImportOptions defaults() {
    return new ImportOptions(
        DEFAULT_STATE_DIR,
        Clock.systemUTC(),
        Sleeper.REAL,
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        () -> 0,
        ImportIds::newId);
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
        idGenerator);
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
        idGenerator);
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
        idGenerator);
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
        idGenerator);
  }

  public ImportOptions withTimeouts(Duration connect, Duration response) {
    return new ImportOptions(
        stateDir, clock, sleeper, retryPolicy, connect, response, tokenRefreshes, idGenerator);
  }
}
