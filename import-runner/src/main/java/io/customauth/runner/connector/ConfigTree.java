package io.customauth.runner.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.spi.ConfigViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a JSON or YAML tree into the plain {@code Map}/{@code List}/{@code String}/{@code
 * Number}/{@code Boolean} tree the SPI promises plugins, with no {@code null} anywhere: a null is
 * reported and left out.
 */
final class ConfigTree {
  private ConfigTree() {}

  static Map<String, Object> toMap(JsonNode object, String path, List<ConfigViolation> violations) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      Object value = toValue(field.getValue(), path + "." + field.getKey(), violations);
      if (value != null) {
        map.put(field.getKey(), value);
      }
    }
    return map;
  }

  private static Object toValue(JsonNode node, String path, List<ConfigViolation> violations) {
    if (node.isObject()) {
      return toMap(node, path, violations);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        Object element = toValue(node.get(i), path + "[" + i + "]", violations);
        if (element != null) {
          list.add(element);
        }
      }
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    violations.add(new ConfigViolation(path, "must not be null; remove the field instead"));
    return null;
  }
}
