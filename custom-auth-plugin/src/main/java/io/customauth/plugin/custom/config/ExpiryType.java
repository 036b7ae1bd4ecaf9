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
  MILLISECONDS("milliseconds");

  private final String configName;

  ExpiryType(String configName) {
    this.configName = configName;
  }

  /** The name users write in the config. */
  public String configName() {
    return configName;
  }

  /** The type named {@code name} exactly as written in a config. */
  public static Optional<ExpiryType> fromConfigName(String name) {
    return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
  }
}
