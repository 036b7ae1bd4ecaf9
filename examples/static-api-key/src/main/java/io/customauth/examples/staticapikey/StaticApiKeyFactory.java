package io.customauth.examples.staticapikey;

import io.customauth.spi.*;
import java.util.*;

/** Type {@code static-api-key}: sends a configured API key in a configured header. */
public final class StaticApiKeyFactory implements AuthStrategyFactory {
  public String type() {
    return "static-api-key";
  }

  public Optional<ConfigDescription> describeConfig() { // the host checks the fields from it
    return Optional.of(
        ConfigDescription.of(
            "Sends a static API key in a request header.",
            ConfigField.string("key", "The API key, e.g. ${env:API_KEY}.").asRequired().asSecret(),
            ConfigField.string("header", "The header that carries it.").withDefault("X-API-Key")));
  }

  public List<ConfigViolation> validate(Map<String, Object> config) {
    return List.of();
  }

  public AuthStrategy create(Map<String, Object> config, AuthContext context) {
    String header = (String) config.getOrDefault("header", "X-API-Key");
    return new AuthStrategy() {
      private volatile boolean closed;

      public String type() {
        return "static-api-key";
      }

      public Credential credential() { // resolved per request: a rotated secret is picked up
        if (closed) throw new IllegalStateException("the static-api-key strategy is closed");
        return Credential.nonExpiring(context.secrets().resolve("key", (String) config.get("key")));
      }

      public void apply(Credential credential, OutgoingRequest request) {
        request.setHeader(header, credential.token());
      }

      public void rejected(Credential credential) {} // a static key cannot be renewed

      public void close() {
        closed = true;
      }
    };
  }
}
