package io.customauth.plugin.custom;

import static java.util.Objects.requireNonNull;

import io.customauth.plugin.custom.config.Injection;
import io.customauth.plugin.custom.token.TokenCache;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.OutgoingRequest;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code custom} strategy: credentials come from the {@link TokenCache}, which calls the
 * provider's token endpoint; each request gets the token as {@code inject} says. Thread-safe.
 */
public final class CustomAuthStrategy implements AuthStrategy {
  private final Injection injection;
  private final TokenCache cache;
  private final Closeable httpClient;
  private final AtomicBoolean closed = new AtomicBoolean();

  CustomAuthStrategy(Injection injection, TokenCache cache, Closeable httpClient) {
    this.injection = requireNonNull(injection, "injection");
    this.cache = requireNonNull(cache, "cache");
    this.httpClient = requireNonNull(httpClient, "httpClient");
  }

  @Override
  public String type() {
    return CustomAuthStrategyFactory.TYPE;
  }

  @Override
  public Credential credential() {
    return cache.get();
  }

  @Override
  public void apply(Credential credential, OutgoingRequest request) {
    requireNonNull(credential, "credential");
    requireNonNull(request, "request");
    injection
        .headerName()
        .ifPresentOrElse(
            header -> request.setHeader(header, injection.headerPrefix() + credential.token()),
            () ->
                request.addQueryParameter(
                    injection.queryParameterName().orElseThrow(), credential.token()));
  }

  @Override
  public void rejected(Credential credential) {
    cache.rejected(credential);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      cache.close();
    } catch (RuntimeException e) {
      // close() never throws; the client below must still be closed.
    } finally {
      try {
        httpClient.close();
      } catch (IOException | RuntimeException e) {
        // Nothing useful to do with a failure to close idle connections.
      }
    }
  }

  @Override
  public String toString() {
    return "CustomAuthStrategy[inject=" + injection + "]";
  }
}
