package io.customauth.plugin.custom.response;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
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

  /**
   * The deepest object that exists on the way to a missing value, to list its keys.
   *
   * @param path where it is, as the user would write it; empty for the answer itself
   */
  public record Parent(String path, ObjectNode object) {}

  /**
   * The value there, JSON {@code null} included (a value that is there but null is not missing);
   * empty when there is none.
   */
  public Optional<JsonNode> find(ObjectNode root) {
    JsonNode exact = root.get(name);
    if (exact != null) {
      return Optional.of(exact);
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

  /** The deepest object that exists on the way to this path: the answer itself at worst. */
  public Parent deepestParent(ObjectNode root) {
    Parent deepest = new Parent("", root);
    if (root.has(name)) {
      return deepest;
    }
    if (name.startsWith("/")) {
      JsonPointer pointer;
      try {
        pointer = JsonPointer.compile(name);
      } catch (IllegalArgumentException e) {
        return deepest;
      }
      // Every proper prefix of the pointer, longest first: the first object found is the deepest.
      for (JsonPointer head = pointer.head(); head != null && !head.matches(); ) {
        JsonNode node = root.at(head);
        if (node instanceof ObjectNode object) {
          return new Parent(head.toString(), object);
        }
        head = head.head();
      }
      return deepest;
    }
    String[] segments = name.split("\\.", -1);
    JsonNode node = root;
    for (int i = 0; i < segments.length - 1; i++) {
      node = node.get(segments[i]);
      if (!(node instanceof ObjectNode object)) {
        break;
      }
      deepest = new Parent(String.join(".", Arrays.copyOf(segments, i + 1)), object);
    }
    return deepest;
  }

  private static Optional<JsonNode> present(JsonNode node) {
    return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
  }
}
