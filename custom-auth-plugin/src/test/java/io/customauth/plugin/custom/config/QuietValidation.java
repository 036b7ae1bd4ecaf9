package io.customauth.plugin.custom.config;

import io.customauth.plugin.custom.fixtures.Configs;
import java.util.Map;

/**
 * Run in a fresh JVM by {@link ValidatorOutputTest}: starts Hibernate Validator the way a host
 * does, so that whatever it prints on first use shows up on this process's stderr.
 */
public final class QuietValidation {
  private QuietValidation() {}

  public static void main(String[] args) {
    Map<String, Object> config = Configs.custom("https://auth.acme.example/token");
    config.put("expiryType", "weeks");
    if (ConfigReader.violations(config).size() != 1) {
      throw new AssertionError("validation did not run");
    }
  }
}
