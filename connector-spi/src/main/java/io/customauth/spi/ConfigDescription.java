package io.customauth.spi;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a plugin's auth block holds, returned by {@link AuthStrategyFactory#describeConfig()}: every
 * field with its type, whether it is required, its default, its allowed values, whether it is a
 * secret, and a description, as Kafka Connect's {@code ConfigDef} does. Immutable and thread-safe.
 *
 * <p>From it the host derives, for every plugin that describes itself: the JSON Schema of {@code
 * import-runner plugins --schema TYPE}, and checks it runs <em>before</em> the plugin's own {@link
 * AuthStrategyFactory#validate}: unknown fields (with a "did you mean" suggestion), required
 * fields, allowed values and JSON types, at every level of objects and rows. Its violations and the
 * plugin's are reported together; where both name the same path, the host's is shown. A plugin
 * therefore needs to check only what the description cannot say (ranges, URLs, rules between
 * fields), though checking more does no harm. A field's {@linkplain ConfigField#pattern() pattern}
 * and {@linkplain ConfigField#onlyWhen() condition} are in the schema only: the plugin checks those
 * itself.
 *
 * <p>{@code type} is never one of the fields: the host adds it, set to the plugin's type.
 *
 * @param description one or two sentences about the auth type, for users and forms; never empty
 * @param fields the fields of the auth block other than {@code type}, in the order a form shows
 *     them; names are unique
 */
public record ConfigDescription(String description, List<ConfigField> fields) {
  /**
   * @throws IllegalArgumentException when the description is blank, a name repeats, or a field is
   *     named {@code type}
   */
  public ConfigDescription {
    requireNonNull(description, "description");
    fields = List.copyOf(requireNonNull(fields, "fields"));
    if (description.isBlank()) {
      throw new IllegalArgumentException("a config description needs a description");
    }
    Set<String> names = new HashSet<>();
    for (ConfigField field : fields) {
      if (field.name().equals("type")) {
        throw new IllegalArgumentException("the host describes 'type' itself; leave it out");
      }
      if (!names.add(field.name())) {
        throw new IllegalArgumentException("two fields are named " + field.name());
      }
    }
    ConfigField.checkConditions("the auth block", fields);
  }

  /** A description with these fields. */
  public static ConfigDescription of(String description, ConfigField... fields) {
    return new ConfigDescription(description, List.of(fields));
  }

  /** The top-level field named {@code name}. */
  public Optional<ConfigField> field(String name) {
    return fields.stream().filter(field -> field.name().equals(name)).findFirst();
  }
}
