package io.customauth.spi;

import static java.util.Objects.requireNonNull;

/**
 * One broken rule of a connector's configuration.
 *
 * @param path where the problem is, relative to the auth block, e.g. {@code requestBody[1].key};
 *     empty for a problem with the block as a whole
 * @param message what is wrong and how to fix it; never contains a configured value
 */
public record ConfigViolation(String path, String message) {
  public ConfigViolation {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
  }

  /** {@code path: message}, or just the message when the path is empty. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
