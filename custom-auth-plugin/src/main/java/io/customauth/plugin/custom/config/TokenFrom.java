package io.customauth.plugin.custom.config;

import java.util.Arrays;
import java.util.Optional;

/** Where the token is in the provider's answer: {@code tokenFrom} in the config. */
public enum TokenFrom {
  /** The JSON body, at {@code tokenKeyName} (a key, a JSON Pointer or a dotted path). */
  BODY("body"),
  /** A response header named {@code tokenKeyName}, compared without regard to case. */
  HEADER("header"),
  /** A cookie named {@code tokenKeyName} that the answer sets, compared exactly (RFC 6265). */
  COOKIE("cookie");

  private final String configName;

  TokenFrom(String configName) {
    this.configName = configName;
  }

  /** The name users write in the config. */
  public String configName() {
    return configName;
  }

  /** The source named {@code name} exactly as written in a config. */
  public static Optional<TokenFrom> fromConfigName(String name) {
    return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
  }
}
