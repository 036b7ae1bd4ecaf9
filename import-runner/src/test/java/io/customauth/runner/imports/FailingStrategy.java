package io.customauth.runner.imports;

import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.OutgoingRequest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Serves {@link SequenceTokenStrategy}'s tokens, but its {@code apply} throws what {@code failure}
 * makes on the {@code failingCall}-th call, as a faulty plugin (or an exhausted JVM) would.
 */
final class FailingStrategy implements AuthStrategy {
  private final SequenceTokenStrategy tokens = new SequenceTokenStrategy("tok-");
  private final int failingCall;
  private final Supplier<? extends Throwable> failure;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean failCredential;

  FailingStrategy(int failingCall, Supplier<? extends Throwable> failure) {
    this.failingCall = failingCall;
    this.failure = failure;
  }

  /** Makes {@code credential()} throw {@code failure} instead, as a plugin failing its fetch. */
  FailingStrategy failingCredential() {
    failCredential = true;
    return this;
  }

  int credentialCalls() {
    return tokens.issued();
  }

  @Override
  public String type() {
    return "test-failing";
  }

  @Override
  public Credential credential() {
    if (failCredential) {
      throw sneaky(failure.get());
    }
    return tokens.credential();
  }

  @Override
  public void apply(Credential credential, OutgoingRequest request) {
    if (calls.incrementAndGet() == failingCall) {
      throw sneaky(failure.get());
    }
    tokens.apply(credential, request);
  }

  @Override
  public void rejected(Credential credential) {
    tokens.rejected(credential);
  }

  @Override
  public void close() {}

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
