package io.customauth.spi.support;

import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.OutgoingRequest;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link AuthStrategy} for a plugin that fetches tokens: it writes {@link #fetchToken()} (and
 * {@link #type()}); a {@link TokenCache} does the rest. By default {@link #apply} sends {@code
 * Authorization: Bearer <token>}; override it to put the token elsewhere, and {@link
 * #closeResources()} to release what the fetch uses (an HTTP client).
 *
 * <pre>{@code
 * final class MyStrategy extends RefreshingTokenStrategy {
 *   MyStrategy(AuthContext context, ...) { super(context); ... }
 *   public String type() { return "my-token"; }
 *   protected Credential fetchToken() {
 *     String secret = context().secrets().resolve("clientSecret", configuredSecret);
 *     ... // call the provider; return new Credential(token, expiresAt, refreshAt)
 *   }
 * }
 * }</pre>
 *
 * Thread-safe, as the SPI requires.
 */
public abstract class RefreshingTokenStrategy implements AuthStrategy {
  private final AuthContext context;
  private final TokenCache cache;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A strategy whose cache has a background thread of its own for refreshes ahead of expiry. */
  protected RefreshingTokenStrategy(AuthContext context) {
    this.context = context;
    this.cache = TokenCache.create(context, this::fetchToken);
  }

  /**
   * Fetches a new credential from the provider. May block; called by one thread at a time. Resolve
   * secrets here ({@code context().secrets().resolve(…)}), so a rotated secret is picked up.
   *
   * @throws io.customauth.spi.AuthException when none could be obtained, with the code that says
   *     why
   */
  protected abstract Credential fetchToken();

  /** The context the strategy was created with. */
  protected final AuthContext context() {
    return context;
  }

  /** The cached credential, fetched when none is valid; see {@link TokenCache#get()}. */
  @Override
  public final Credential credential() {
    return cache.get();
  }

  /** Puts {@code Authorization: Bearer <token>} on the request. */
  @Override
  public void apply(Credential credential, OutgoingRequest request) {
    request.setHeader("Authorization", "Bearer " + credential.token());
  }

  /** Drops the credential if it is still the current one; see {@link TokenCache#rejected}. */
  @Override
  public void rejected(Credential credential) {
    cache.rejected(credential);
  }

  /** Closes the cache, then {@link #closeResources()}, once; never throws. */
  @Override
  public final void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    cache.close();
    try {
      closeResources();
    } catch (RuntimeException e) {
      context
          .logger()
          .log(System.Logger.Level.WARNING, "closing failed: " + e.getClass().getName());
    }
  }

  /** Releases what {@link #fetchToken()} uses. Called once, after the cache was closed. */
  protected void closeResources() {}

  /** The type only: a subclass adding fields must not print secrets either. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + type() + "]";
  }
}
