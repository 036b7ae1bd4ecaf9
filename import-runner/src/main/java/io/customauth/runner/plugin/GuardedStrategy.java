package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.OutgoingRequest;
import io.customauth.spi.Rejection;

/**
 * A plugin's strategy behind its {@link PluginBoundary}: each call, on whatever thread, runs with
 * the plugin's context class loader; an exception other than {@link
 * io.customauth.spi.AuthException}, or a {@code null} result, is a {@link PluginFailure}. {@link
 * #close()} never throws: a failure there is logged as a warning, because the work it ends is
 * already done. Thread-safe as the strategy it wraps.
 */
final class GuardedStrategy implements AuthStrategy {
  private final AuthStrategy strategy;
  private final PluginBoundary boundary;
  private final System.Logger logger;

  GuardedStrategy(AuthStrategy strategy, PluginBoundary boundary, System.Logger logger) {
    this.strategy = requireNonNull(strategy, "strategy");
    this.boundary = requireNonNull(boundary, "boundary");
    this.logger = requireNonNull(logger, "logger");
  }

  @Override
  public String type() {
    return notNull("type()", boundary.call("type()", false, strategy::type));
  }

  @Override
  public Credential credential() {
    return notNull("credential()", boundary.call("credential()", true, strategy::credential));
  }

  @Override
  public void apply(Credential credential, OutgoingRequest request) {
    boundary.run("apply()", () -> strategy.apply(credential, request));
  }

  @Override
  public void rejected(Credential credential) {
    boundary.run("rejected()", () -> strategy.rejected(credential));
  }

  @Override
  public void rejected(Credential credential, Rejection rejection) {
    boundary.run("rejected()", () -> strategy.rejected(credential, rejection));
  }

  @Override
  public Credential authenticate(OutgoingRequest request) {
    return notNull(
        "authenticate()",
        boundary.call("authenticate()", true, () -> strategy.authenticate(request)));
  }

  @Override
  public void close() {
    try {
      boundary.withLoader((Runnable) strategy::close).run();
    } catch (OutOfMemoryError error) {
      throw error;
    } catch (Throwable thrown) {
      // Whatever close() throws, even an AuthException, breaks the SPI; the work is done though.
      logger.log(System.Logger.Level.WARNING, boundary.closeWarning(thrown));
    }
  }

  @Override
  public String toString() {
    // Not the strategy's own toString(): the plugin may put a configured value in it.
    return "the strategy of " + boundary.plugin();
  }

  private <T> T notNull(String operation, T result) {
    if (result == null) {
      throw boundary.brokeContract(operation + " returned null");
    }
    return result;
  }
}
