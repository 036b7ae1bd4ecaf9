package io.customauth.benchmarks.hotpath;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.TokenStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TokenStore} that counts every call before handing it to the real store, so a trial can
 * prove the hot path never asked the store while measuring.
 */
final class CountingTokenStore implements TokenStore {
  private final TokenStore delegate;
  private final AtomicInteger calls = new AtomicInteger();

  CountingTokenStore(TokenStore delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  /** Calls of any method so far. */
  int calls() {
    return calls.get();
  }

  @Override
  public Optional<Entry> get(String key) {
    calls.incrementAndGet();
    return delegate.get(key);
  }

  @Override
  public void publish(String key, Entry entry) {
    calls.incrementAndGet();
    delegate.publish(key, entry);
  }

  @Override
  public boolean deleteIfValue(String key, String value) {
    calls.incrementAndGet();
    return delegate.deleteIfValue(key, value);
  }

  @Override
  public Optional<Lock> tryLock(String key, Duration lease) {
    calls.incrementAndGet();
    return delegate.tryLock(key, lease);
  }

  @Override
  public boolean release(Lock lock) {
    calls.incrementAndGet();
    return delegate.release(lock);
  }

  @Override
  public boolean awaitRelease(String key, Duration timeout) {
    calls.incrementAndGet();
    return delegate.awaitRelease(key, timeout);
  }
}
