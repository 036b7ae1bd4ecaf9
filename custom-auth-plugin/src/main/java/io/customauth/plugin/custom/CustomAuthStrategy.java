package io.customauth.plugin.custom;

import static java.util.Objects.requireNonNull;

import io.customauth.plugin.custom.config.Injection;
import io.customauth.plugin.custom.token.TokenCache;
import io.customauth.spi.AuthException;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.OutgoingRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The {@code custom} strategy: credentials come from the {@link TokenCache}, which calls the
 * provider's token endpoint; each request gets the token as {@code inject} says. Thread-safe.
 */
public final class CustomAuthStrategy implements AuthStrategy {
  private final Injection injection;

  /** The header to set, or null when the token goes into the query. */
  private final String headerName;

  private final String parameterName;
  private final String prefix;
  private final TokenCache cache;

  /** Told of every rejection after the cache: drops the token from a shared store. */
  private final Consumer<Credential> onRejected;

  /**
   * The value last put on a request and the credential it was made from. Every upload asks for the
   * same credential until it is refreshed, so the value (prefix + token) is built once per token
   * instead of once per request: the hot path then allocates nothing. A race between two threads
   * seeing a new credential at once only builds the value twice; both are equal.
   */
  private volatile Injected lastInjected;

  private record Injected(Credential credential, String value) {
    @Override
    public String toString() {
      return "Injected[" + credential + "]";
    }
  }

  /** Closed after the cache, in order: the HTTP client, then the strategy's own threads. */
  private final List<AutoCloseable> resources;

  private final AtomicBoolean closed = new AtomicBoolean();

  CustomAuthStrategy(
      Injection injection,
      TokenCache cache,
      Consumer<Credential> onRejected,
      List<AutoCloseable> resources) {
    this.onRejected = requireNonNull(onRejected, "onRejected");
    this.injection = requireNonNull(injection, "injection");
    this.headerName = injection.headerName().orElse(null);
    this.parameterName = injection.queryParameterName().orElse(null);
    this.prefix = headerName == null ? "" : injection.headerPrefix();
    this.cache = requireNonNull(cache, "cache");
    this.resources = List.copyOf(resources);
  }

  @Override
  public String type() {
    return CustomAuthStrategyFactory.TYPE;
  }

  /**
   * @throws AuthException whatever went wrong: one error type crosses this boundary
   */
  @Override
  public Credential credential() {
    try {
      return cache.get();
    } catch (AuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(ErrorCode.ENDPOINT_UNAVAILABLE, "obtaining a token", e);
    }
  }

  /**
   * @throws AuthException whatever went wrong: one error type crosses this boundary
   */
  @Override
  public void apply(Credential credential, OutgoingRequest request) {
    try {
      inject(credential, request);
    } catch (AuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(ErrorCode.TOKEN_UNUSABLE, "putting the token on the request", e);
    }
  }

  /**
   * Names the exception's class, never its message, and drops it as cause: a library's message may
   * quote a response, a URL with its query, or the token itself.
   */
  private static AuthException unexpected(ErrorCode code, String doing, RuntimeException e) {
    return new AuthException(
        code, "the custom auth plugin failed while " + doing + " (" + e.getClass().getName() + ")");
  }

  private void inject(Credential credential, OutgoingRequest request) {
    requireNonNull(credential, "credential");
    requireNonNull(request, "request");
    Injected injected = lastInjected;
    if (injected == null || injected.credential() != credential) {
      injected = new Injected(credential, prefix + credential.token());
      lastInjected = injected;
    }
    if (headerName != null) {
      request.setHeader(headerName, injected.value());
    } else {
      request.addQueryParameter(parameterName, injected.value());
    }
  }

  @Override
  public void rejected(Credential credential) {
    cache.rejected(credential);
    onRejected.accept(credential);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      cache.close();
    } catch (RuntimeException e) {
      // close() never throws; the resources below must still be closed.
    }
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        // Nothing useful to do with a failure to close idle connections or idle threads.
      }
    }
  }

  @Override
  public String toString() {
    return "CustomAuthStrategy[inject=" + injection + "]";
  }
}
