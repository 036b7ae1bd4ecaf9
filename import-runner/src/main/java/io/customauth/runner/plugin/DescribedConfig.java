package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.connector.DidYouMean;
import io.customauth.spi.ConfigDescription;
import io.customauth.spi.ConfigField;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The checks the host runs on an auth block for every plugin that {@linkplain
 * io.customauth.spi.AuthStrategyFactory#describeConfig() describes itself}, before the plugin's own
 * {@code validate}: unknown fields (suggesting the nearest known name), required fields, allowed
 * values and JSON types, in objects and rows too. Paths are relative to the auth block, as a
 * plugin's are ({@code requestBody[1].key}); messages never quote a configured value. Stateless.
 */
public final class DescribedConfig {
  private DescribedConfig() {}

  /** Every violation of {@code config} against {@code description}, in field order. */
  public static List<ConfigViolation> violations(
      ConfigDescription description, Map<String, Object> config) {
    requireNonNull(description, "description");
    requireNonNull(config, "config");
    List<ConfigViolation> violations = new ArrayList<>();
    checkObject(description.fields(), config, "", true, violations);
    return violations;
  }

  /**
   * {@code host}'s violations and the plugin's together, sorted by path; a plugin's violation of a
   * path the host already reported is left out, so each problem is told once.
   */
  public static List<ConfigViolation> merge(
      List<ConfigViolation> host, List<ConfigViolation> plugin) {
    List<ConfigViolation> merged = new ArrayList<>(host);
    var reported = host.stream().map(ConfigViolation::path).collect(Collectors.toSet());
    for (ConfigViolation violation : plugin) {
      if (!reported.contains(violation.path())) {
        merged.add(violation);
      }
    }
    merged.sort(Comparator.comparing(ConfigViolation::path));
    return List.copyOf(merged);
  }

  private static void checkObject(
      List<ConfigField> fields,
      Map<?, ?> object,
      String prefix,
      boolean authBlock,
      List<ConfigViolation> violations) {
    List<String> known = new ArrayList<>();
    if (authBlock) {
      known.add("type");
    }
    fields.forEach(field -> known.add(field.name()));
    for (Object key : object.keySet()) {
      String name = String.valueOf(key);
      if (!known.contains(name)) {
        violations.add(new ConfigViolation(prefix + name, unknownField(name, known)));
      }
    }
    for (ConfigField field : fields) {
      Object value = object.get(field.name());
      String path = prefix + field.name();
      if (value == null) {
        if (field.required()) {
          violations.add(new ConfigViolation(path, "is required"));
        }
      } else {
        checkValue(field, value, path, violations);
      }
    }
  }

  private static void checkValue(
      ConfigField field, Object value, String path, List<ConfigViolation> violations) {
    if (!isOfType(value, field.type())) {
      violations.add(new ConfigViolation(path, typeRule(field)));
      return;
    }
    if (!field.allowedValues().isEmpty()
        && field.allowedValues().stream().noneMatch(allowed -> same(allowed, value))) {
      violations.add(
          new ConfigViolation(
              path,
              DidYouMean.unknown(
                  "value",
                  String.valueOf(value),
                  field.allowedValues().stream().map(String::valueOf).toList())));
      return;
    }
    if (field.type() == FieldType.OBJECT) {
      checkObject(field.fields(), (Map<?, ?>) value, path + ".", false, violations);
    } else if (field.type() == FieldType.ROWS) {
      List<?> rows = (List<?>) value;
      for (int i = 0; i < rows.size(); i++) {
        String rowPath = path + "[" + i + "]";
        if (rows.get(i) instanceof Map<?, ?> row) {
          checkObject(field.fields(), row, rowPath + ".", false, violations);
        } else {
          violations.add(new ConfigViolation(rowPath, "must be an object " + rowShape(field)));
        }
      }
    }
  }

  /** Whether {@code value}, from a config tree, is a JSON value of {@code type}. */
  static boolean isOfType(Object value, FieldType type) {
    switch (type) {
      case STRING:
        return value instanceof String;
      case INTEGER:
        return value instanceof Integer
            || value instanceof Long
            || value instanceof Short
            || value instanceof Byte
            || value instanceof BigInteger;
      case NUMBER:
        return value instanceof Number;
      case BOOLEAN:
        return value instanceof Boolean;
      case OBJECT:
      case ANY_OBJECT:
        return value instanceof Map;
      case ROWS:
        return value instanceof List;
      default:
        // A type added to the SPI after this host: nothing to check.
        return true;
    }
  }

  private static boolean same(Object allowed, Object value) {
    if (allowed instanceof Number a && value instanceof Number b) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    return allowed.equals(value);
  }

  private static String typeRule(ConfigField field) {
    switch (field.type()) {
      case STRING:
        return "must be a string";
      case INTEGER:
        return "must be a whole number";
      case NUMBER:
        return "must be a number";
      case BOOLEAN:
        return "must be true or false";
      case ROWS:
        return "must be a list of " + rowShape(field) + " rows";
      default:
        return "must be an object";
    }
  }

  /** E.g. {@code {"key": …, "value": …}}. */
  private static String rowShape(ConfigField field) {
    return field.fields().stream()
        .map(member -> "\"" + member.name() + "\": …")
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String unknownField(String name, List<String> known) {
    return DidYouMean.unknown("field", name, known);
  }
}
