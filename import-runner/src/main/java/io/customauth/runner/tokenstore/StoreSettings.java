package io.customauth.runner.tokenstore;

import static java.util.Objects.requireNonNull;

/**
 * A token store to share tokens through, and the secret its values are encrypted with.
 *
 * @param address where it is
 * @param secret {@code IMPORT_RUNNER_TOKEN_STORE_SECRET}; never shown
 */
public record StoreSettings(StoreAddress address, String secret) {
  public StoreSettings {
    requireNonNull(address, "address");
    requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "StoreSettings[" + address.redacted() + ", secret=[REDACTED]]";
  }
}
