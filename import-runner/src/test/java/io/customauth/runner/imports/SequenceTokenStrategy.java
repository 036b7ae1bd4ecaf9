package io.customauth.runner.imports;

import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.OutgoingRequest;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Hands out {@code <prefix>1}, {@code <prefix>2}, …: the next one each time one is rejected. */
final class SequenceTokenStrategy implements AuthStrategy {
  private final String prefix;
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger rejections = new AtomicInteger();
  private final AtomicReference<Credential> current = new AtomicReference<>();

  SequenceTokenStrategy(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public String type() {
    return "test-sequence";
  }

  @Override
  public synchronized Credential credential() {
    Credential credential = current.get();
    if (credential == null) {
      credential = new Credential(prefix + issued.incrementAndGet(), Instant.MAX, Instant.MAX);
      current.set(credential);
    }
    return credential;
  }

  @Override
  public void apply(Credential credential, OutgoingRequest request) {
    request.setHeader("Authorization", "Bearer " + credential.token());
  }

  @Override
  public void rejected(Credential credential) {
    rejections.incrementAndGet();
    current.compareAndSet(credential, null);
  }

  int issued() {
    return issued.get();
  }

  int rejections() {
    return rejections.get();
  }

  @Override
  public void close() {}
}
