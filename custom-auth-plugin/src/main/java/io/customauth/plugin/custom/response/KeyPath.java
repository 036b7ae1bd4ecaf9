package io.customauth.plugin.custom.response;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Where a value is in the provider's JSON answer ({@code tokenKeyName}, {@code expiryKeyName}).
 *
 * <p>In this order: a top-level key of exactly that name; else, when it starts with {@code /}, a
 * JSON Pointer (RFC 6901); else a dotted path into nested objects ({@code auth.client_token}). So a
 * top-level key that contains a dot is found as it is.
 *
 * @param name as configured
 */
public record KeyPath(String name) {
  public KeyPath {
    requireNonNull(name, "name");
  }

  /** The value there; empty when there is none or it is JSON {@code null}. */
  public Optional<JsonNode> find(ObjectNode root) {
    JsonNode exact = root.get(name);
    if (exact != null) {
      return present(exact);
    }
    if (name.startsWith("/")) {
      try {
        return present(root.at(JsonPointer.compile(name)));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    JsonNode node = root;
    for (String segment : name.split("\\.", -1)) {
      if (!node.isObject()) {
        return Optional.empty();
      }
      node = node.get(segment);
      if (node == null) {
        return Optional.empty();
      }
    }
    return present(node);
  }

  private static Optional<JsonNode> present(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull()
        ? Optional.empty()
        : Optional.of(node);
  }
}
