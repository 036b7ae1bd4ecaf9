package io.customauth.plugin.custom.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TokenSource} that issues {@code secret-token-1}, {@code secret-token-2}... living {@code
 * lifetime} from the clock's now, refreshed as {@link RefreshTime} says, counting fetches. A test
 * can make fetches fail, or hold them until it releases them.
 */
final class ScriptedTokenSource implements TokenSource {
  static final AuthException UNAVAILABLE =
      new AuthException(
          ErrorCode.ENDPOINT_UNAVAILABLE, "the token endpoint answered 503", 503, null);

  private final Clock clock;
  private final Duration lifetime;
  private final Duration safetyWindow;
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile AuthException failure = UNAVAILABLE;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile CountDownLatch entered = new CountDownLatch(1);

  ScriptedTokenSource(Clock clock, Duration lifetime, Duration safetyWindow) {
    this.clock = clock;
    this.lifetime = lifetime;
    this.safetyWindow = safetyWindow;
  }

  /** The next {@code count} fetches throw {@code error}. */
  ScriptedTokenSource failNext(int count, AuthException error) {
    failure = error;
    failuresLeft.set(count);
    return this;
  }

  /** Fetches from now on wait until {@link #release()}; {@link #awaitFetchStarted} waits anew. */
  ScriptedTokenSource hold() {
    entered = new CountDownLatch(1);
    gate = new CountDownLatch(1);
    return this;
  }

  void release() {
    gate.countDown();
  }

  /** Waits (bounded) until a fetch has started since construction or the last {@link #hold}. */
  void awaitFetchStarted() throws InterruptedException {
    assertThat(entered.await(10, TimeUnit.SECONDS)).as("a fetch started").isTrue();
  }

  int fetches() {
    return fetches.get();
  }

  @Override
  public Credential fetch() {
    int number = fetches.incrementAndGet();
    entered.countDown();
    try {
      if (!gate.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the test never released the fetch");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw failure;
    }
    Instant now = clock.instant();
    Instant expiresAt = now.plus(lifetime);
    return new Credential(
        "secret-token-" + number, expiresAt, RefreshTime.of(now, expiresAt, safetyWindow));
  }
}
