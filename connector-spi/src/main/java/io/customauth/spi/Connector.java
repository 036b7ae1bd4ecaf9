package io.customauth.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A saved connector: a name, its one auth strategy, and where its imports upload. Closing it closes
 * the strategy.
 *
 * @param upload absent for a connector used only to test authentication
 */
public record Connector(String name, AuthStrategy auth, Optional<UploadTarget> upload)
    implements AutoCloseable {
  public Connector {
    requireNonNull(name, "name");
    requireNonNull(auth, "auth");
    requireNonNull(upload, "upload");
  }

  @Override
  public void close() {
    auth.close();
  }
}
