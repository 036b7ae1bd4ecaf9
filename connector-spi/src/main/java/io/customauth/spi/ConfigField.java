package io.customauth.spi;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One field of a plugin's auth block, as described by {@link ConfigDescription}. Immutable and
 * thread-safe; build one with a factory such as {@link #string(String, String)} and the copies
 * {@link #asRequired()}, {@link #asSecret()}, {@link #withDefault}, {@link #withAllowedValues},
 * {@link #withPattern} and {@link #onlyWhen}:
 *
 * <pre>{@code
 * ConfigField.string("method", "The HTTP method of the token request.")
 *     .asRequired()
 *     .withAllowedValues("GET", "POST")
 * }</pre>
 *
 * @param name the key in the auth block (or in the enclosing object or row); never {@code type},
 *     which the host handles itself
 * @param type the JSON type of the value
 * @param required whether the field must be present
 * @param defaultValue what an absent field means, of the field's type: a {@code String}, an
 *     integral {@code Number} ({@code Integer}, {@code Long}), a {@code Number}, or a {@code
 *     Boolean}; empty when there is none, and always for objects and rows
 * @param allowedValues the only values accepted, of the field's type; empty when any value of the
 *     type is
 * @param secret whether the value is a secret (or a reference to one): hosts never show it, and a
 *     schema marks it {@code "writeOnly": true}
 * @param description one or two sentences for users and forms; never empty
 * @param fields the members of an {@link FieldType#OBJECT} or of each {@link FieldType#ROWS} row;
 *     empty for every other type
 * @param pattern for a {@link FieldType#STRING} field, a regular expression a value must match,
 *     rendered as the JSON Schema {@code pattern}: as there, it may match anywhere in the value
 *     unless anchored with {@code ^} and {@code $}, and it should use only what Java and ECMA 262
 *     regular expressions share; empty when any string is accepted (since SPI 1.1)
 * @param onlyWhen when the field may be present at all: only while a sibling field has one of some
 *     values; empty when it always may (since SPI 1.1)
 *     <p>The host's own checks do not apply {@code pattern} and {@code onlyWhen}: they are for the
 *     schema, forms and editors; a plugin's {@link AuthStrategyFactory#validate} checks them, with
 *     messages that can say more than a regular expression.
 */
public record ConfigField(
    String name,
    FieldType type,
    boolean required,
    Optional<Object> defaultValue,
    List<Object> allowedValues,
    boolean secret,
    String description,
    List<ConfigField> fields,
    Optional<String> pattern,
    Optional<FieldCondition> onlyWhen) {
  /**
   * Checks every rule above.
   *
   * @throws IllegalArgumentException naming the rule that is broken
   * @throws NullPointerException for a {@code null} anywhere
   */
  public ConfigField {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(defaultValue, "defaultValue");
    allowedValues = List.copyOf(requireNonNull(allowedValues, "allowedValues"));
    requireNonNull(description, "description");
    fields = List.copyOf(requireNonNull(fields, "fields"));
    requireNonNull(pattern, "pattern");
    requireNonNull(onlyWhen, "onlyWhen");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a field needs a name");
    }
    if (description.isBlank()) {
      throw new IllegalArgumentException("field " + name + " needs a description");
    }
    boolean nested = type == FieldType.OBJECT || type == FieldType.ROWS;
    if (!nested && !fields.isEmpty()) {
      throw new IllegalArgumentException("only OBJECT and ROWS fields have fields: " + name);
    }
    if (nested && fields.isEmpty()) {
      throw new IllegalArgumentException(name + " is " + type + " and needs its fields");
    }
    if (defaultValue.isPresent() && !isOfType(defaultValue.get(), type)) {
      throw new IllegalArgumentException("the default of " + name + " is not of type " + type);
    }
    for (Object allowed : allowedValues) {
      if (!isOfType(allowed, type) || type == FieldType.OBJECT || type == FieldType.ROWS) {
        throw new IllegalArgumentException("an allowed value of " + name + " is not a " + type);
      }
    }
    Set<String> names = new HashSet<>();
    for (ConfigField field : fields) {
      if (!names.add(field.name())) {
        throw new IllegalArgumentException(name + " has two fields named " + field.name());
      }
    }
    if (pattern.isPresent()) {
      if (type != FieldType.STRING) {
        throw new IllegalArgumentException("only STRING fields have a pattern: " + name);
      }
      try {
        Pattern.compile(pattern.get());
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("the pattern of " + name + " is not valid", e);
      }
    }
    checkConditions(name, fields);
  }

  /**
   * A field without a pattern or condition, as in SPI 1.1's first form of this record.
   *
   * @throws IllegalArgumentException naming the rule that is broken
   */
  public ConfigField(
      String name,
      FieldType type,
      boolean required,
      Optional<Object> defaultValue,
      List<Object> allowedValues,
      boolean secret,
      String description,
      List<ConfigField> fields) {
    this(
        name,
        type,
        required,
        defaultValue,
        allowedValues,
        secret,
        description,
        fields,
        Optional.empty(),
        Optional.empty());
  }

  /** An optional {@link FieldType#STRING} field. */
  public static ConfigField string(String name, String description) {
    return of(name, FieldType.STRING, description);
  }

  /** An optional {@link FieldType#INTEGER} field. */
  public static ConfigField integer(String name, String description) {
    return of(name, FieldType.INTEGER, description);
  }

  /** An optional {@link FieldType#NUMBER} field. */
  public static ConfigField number(String name, String description) {
    return of(name, FieldType.NUMBER, description);
  }

  /** An optional {@link FieldType#BOOLEAN} field. */
  public static ConfigField bool(String name, String description) {
    return of(name, FieldType.BOOLEAN, description);
  }

  /** An optional {@link FieldType#OBJECT} field with these members. */
  public static ConfigField object(String name, String description, ConfigField... fields) {
    return new ConfigField(
        name,
        FieldType.OBJECT,
        false,
        Optional.empty(),
        List.of(),
        false,
        description,
        list(fields));
  }

  /** An optional {@link FieldType#ROWS} field whose rows have these members. */
  public static ConfigField rows(String name, String description, ConfigField... fields) {
    return new ConfigField(
        name, FieldType.ROWS, false, Optional.empty(), List.of(), false, description, list(fields));
  }

  /** An optional field of any type without members, e.g. {@link FieldType#ANY_OBJECT}. */
  public static ConfigField of(String name, FieldType type, String description) {
    return new ConfigField(
        name, type, false, Optional.empty(), List.of(), false, description, List.of());
  }

  /** This field, required. */
  public ConfigField asRequired() {
    return new ConfigField(
        name,
        type,
        true,
        defaultValue,
        allowedValues,
        secret,
        description,
        fields,
        pattern,
        onlyWhen);
  }

  /** This field, holding a secret. */
  public ConfigField asSecret() {
    return new ConfigField(
        name,
        type,
        required,
        defaultValue,
        allowedValues,
        true,
        description,
        fields,
        pattern,
        onlyWhen);
  }

  /** This field with a default value of its type. */
  public ConfigField withDefault(Object value) {
    return new ConfigField(
        name,
        type,
        required,
        Optional.of(requireNonNull(value, "value")),
        allowedValues,
        secret,
        description,
        fields,
        pattern,
        onlyWhen);
  }

  /** This field, accepting only {@code values}. */
  public ConfigField withAllowedValues(Object... values) {
    return new ConfigField(
        name,
        type,
        required,
        defaultValue,
        list(values),
        secret,
        description,
        fields,
        pattern,
        onlyWhen);
  }

  /**
   * This {@link FieldType#STRING} field, accepting only values that {@code regex} matches (see
   * {@link #pattern()}).
   *
   * @since SPI 1.1
   */
  public ConfigField withPattern(String regex) {
    return new ConfigField(
        name,
        type,
        required,
        defaultValue,
        allowedValues,
        secret,
        description,
        fields,
        Optional.of(requireNonNull(regex, "regex")),
        onlyWhen);
  }

  /**
   * This field, allowed only while its sibling {@code field} has one of {@code values}, e.g. {@code
   * onlyWhen("method", "POST")}. The sibling must be described next to this field.
   *
   * @since SPI 1.1
   */
  public ConfigField onlyWhen(String field, Object... values) {
    return new ConfigField(
        name,
        type,
        required,
        defaultValue,
        allowedValues,
        secret,
        description,
        fields,
        pattern,
        Optional.of(new FieldCondition(field, list(values))));
  }

  /** The member named {@code name} of an object or row field. */
  public Optional<ConfigField> field(String name) {
    return fields.stream().filter(field -> field.name().equals(name)).findFirst();
  }

  /**
   * Checks that each condition among {@code siblings} names another of them, by values of its type.
   */
  static void checkConditions(String owner, List<ConfigField> siblings) {
    for (ConfigField field : siblings) {
      if (field.onlyWhen().isEmpty()) {
        continue;
      }
      FieldCondition condition = field.onlyWhen().get();
      ConfigField decides =
          siblings.stream()
              .filter(sibling -> sibling.name().equals(condition.field()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          field.name()
                              + " depends on "
                              + condition.field()
                              + ", which is not a field of "
                              + owner));
      if (decides == field) {
        throw new IllegalArgumentException(field.name() + " cannot depend on itself");
      }
      for (Object value : condition.values()) {
        if (!isOfType(value, decides.type())) {
          throw new IllegalArgumentException(
              "a value " + field.name() + " depends on is not a " + decides.type());
        }
      }
    }
  }

  /** Whether {@code value}, as found in a config tree, is of {@code type}. */
  static boolean isOfType(Object value, FieldType type) {
    switch (type) {
      case STRING:
        return value instanceof String;
      case INTEGER:
        return value instanceof Integer
            || value instanceof Long
            || value instanceof Short
            || value instanceof Byte
            || value instanceof java.math.BigInteger;
      case NUMBER:
        return value instanceof Number;
      case BOOLEAN:
        return value instanceof Boolean;
      case OBJECT:
      case ANY_OBJECT:
        return value instanceof java.util.Map;
      case ROWS:
        return value instanceof List;
      default:
        return false;
    }
  }

  private static <T> List<T> list(T[] values) {
    return List.copyOf(Arrays.asList(values));
  }
}
