package io.customauth.plugin.custom.config;

import java.util.Arrays;
import java.util.Optional;

/** How the expiry field of the provider's answer is read: {@code expiryType} in the config. */
public enum ExpiryType {
  /** An ISO 8601 / RFC 3339 timestamp; no offset means UTC. */
  DATETIME("datetime"),
  /** A duration in seconds from the moment the answer arrived. */
  SECONDS("seconds"),
  /** A duration in milliseconds from the moment the answer arrived. */
  MILLISECONDS("milliseconds"),
  /** An absolute Unix timestamp in seconds. */
  EPOCH_SECONDS("epochSeconds"),
  /** An absolute Unix timestamp in milliseconds. */
  EPOCH_MILLISECONDS("epochMilliseconds"),
  /** The token is a JWT whose {@code exp} claim is read, never verified; no expiry key. */
  JWT("jwt"),
  /** The provider states no expiry; no expiry key. */
  NONE("none");

  private final String configName;

  ExpiryType(String configName) {
    this.configName = configName;
  }

  /** The name users write in the config. */
  public String configName() {
    return configName;
  }

  /** Whether the expiry is a value of the JSON answer at {@code expiryKeyName}. */
  public boolean readsExpiryKey() {
    return this != JWT && this != NONE;
  }

  /** Whether the value is a duration counted from the moment the answer arrived. */
  public boolean isDuration() {
    return this == SECONDS || this == MILLISECONDS;
  }

  /** The type named {@code name} exactly as written in a config. */
  public static Optional<ExpiryType> fromConfigName(String name) {
    return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
  }
}
