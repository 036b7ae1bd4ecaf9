package io.customauth.runner.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.spi.ConfigViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a JSON or YAML tree into the plain {@code Map}/{@code List}/{@code String}/{@code
 * Number}/{@code Boolean} tree the SPI promises plugins. A {@code null} is reported and left out,
 * except inside the auth block's {@code jsonBody}: a JSON body is sent as written, so its nulls are
 * kept and its decimals are {@link java.math.BigDecimal}s with the digits written ({@code 19.990}
 * stays {@code 19.990}). Elsewhere a decimal is a {@code Double}.
 */
final class ConfigTree {
  /** The field whose value is a JSON body to send as written. */
  static final String JSON_BODY = "jsonBody";

  private ConfigTree() {}

  /**
   * @param object the auth block, read with decimals as {@code BigDecimal}s ({@link
   *     ConnectorDocument} does)
   */
  static Map<String, Object> toMap(JsonNode object, String path, List<ConfigViolation> violations) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      // A null jsonBody itself is reported: only what is inside a body may be null.
      boolean body = field.getKey().equals(JSON_BODY) && !field.getValue().isNull();
      Object value = toValue(field.getValue(), path + "." + field.getKey(), body, violations);
      if (value != null) {
        map.put(field.getKey(), value);
      }
    }
    return map;
  }

  private static Map<String, Object> toMap(
      JsonNode object, String path, boolean body, List<ConfigViolation> violations) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      Object value = toValue(field.getValue(), path + "." + field.getKey(), body, violations);
      if (value != null || body) {
        map.put(field.getKey(), value);
      }
    }
    return map;
  }

  /**
   * @param body whether {@code node} is (in) a JSON body: nulls and exact decimals are kept
   */
  private static Object toValue(
      JsonNode node, String path, boolean body, List<ConfigViolation> violations) {
    if (node.isObject()) {
      return toMap(node, path, body, violations);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        Object element = toValue(node.get(i), path + "[" + i + "]", body, violations);
        if (element != null || body) {
          list.add(element);
        }
      }
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber()) {
      return node.isFloatingPointNumber() && !body ? node.doubleValue() : node.numberValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (body && node.isNull()) {
      return null;
    }
    violations.add(new ConfigViolation(path, "must not be null; remove the field instead"));
    return null;
  }
}
