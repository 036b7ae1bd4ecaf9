package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.AuthContext;
import io.customauth.spi.Credential;
import io.customauth.spi.SecretResolver;
import io.customauth.spi.TokenStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The context one plugin's strategy sees: the host's, with a scheduler that runs the plugin's tasks
 * under its own context class loader. Forwards every {@link AuthContext} method (a test checks that
 * a method added to the SPI is forwarded too).
 */
final class PluginContext implements AuthContext {
  private final AuthContext host;
  private final PluginBoundary boundary;

  PluginContext(AuthContext host, PluginBoundary boundary) {
    this.host = requireNonNull(host, "host");
    this.boundary = requireNonNull(boundary, "boundary");
  }

  @Override
  public Clock clock() {
    return host.clock();
  }

  @Override
  public ScheduledExecutorService scheduler() {
    // Wrapped when asked for: a host may lend a context whose scheduler is never used.
    return new ContextLoaderScheduler(host.scheduler(), boundary);
  }

  @Override
  public SecretResolver secrets() {
    return host.secrets();
  }

  @Override
  public System.Logger logger() {
    return host.logger();
  }

  @Override
  public void credentialRefreshed(Credential credential) {
    host.credentialRefreshed(credential);
  }

  @Override
  public Path resolvePath(String field, String path) {
    return host.resolvePath(field, path);
  }

  @Override
  public Optional<TokenStore> tokenStore() {
    return host.tokenStore();
  }
}
