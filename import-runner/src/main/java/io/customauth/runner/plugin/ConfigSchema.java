package io.customauth.runner.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.spi.ConfigDescription;
import io.customauth.spi.ConfigField;
import java.util.List;

/**
 * The JSON Schema (draft 2020-12) of a plugin's auth block, derived from its {@link
 * ConfigDescription}: {@code plugins --schema TYPE} prints it, so that forms and editors can offer
 * and check the fields. Every field has its {@code type}, {@code description}, and where the plugin
 * says so its {@code default}, {@code enum}, {@code pattern} and {@code "writeOnly": true} for
 * secrets; objects and rows are closed ({@code "additionalProperties": false}). A field allowed
 * only while a sibling has some values becomes an {@code allOf} entry {@code {"if": {"properties":
 * {SIBLING: {"not": {"enum": VALUES}}}, "required": [SIBLING]}, "then": {"properties": {FIELD:
 * false}}}} (without {@code required} when the sibling's default is not among the values).
 * Stateless.
 */
public final class ConfigSchema {
  /** The meta-schema every document names. */
  public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigSchema() {}

  /**
   * The schema of the auth block of {@code type}, whose {@code type} member must be {@code type}.
   */
  public static ObjectNode of(String type, ConfigDescription description) {
    ObjectNode schema = JSON.createObjectNode();
    schema.put("$schema", DRAFT_2020_12);
    schema.put("title", "auth block of type '" + type + "'");
    schema.put("description", description.description());
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties
        .putObject("type")
        .put("type", "string")
        .put("const", type)
        .put("description", "The auth type: always '" + type + "' for this plugin.");
    ArrayNode required = schema.putArray("required").add("type");
    addFields(description.fields(), properties, required);
    schema.put("additionalProperties", false);
    addConditions(description.fields(), schema);
    return schema;
  }

  private static void addFields(
      List<ConfigField> fields, ObjectNode properties, ArrayNode required) {
    for (ConfigField field : fields) {
      properties.set(field.name(), property(field));
      if (field.required()) {
        required.add(field.name());
      }
    }
  }

  private static ObjectNode property(ConfigField field) {
    ObjectNode property = JSON.createObjectNode();
    switch (field.type()) {
      case STRING -> property.put("type", "string");
      case INTEGER -> property.put("type", "integer");
      case NUMBER -> property.put("type", "number");
      case BOOLEAN -> property.put("type", "boolean");
      case OBJECT -> closedObject(field, property);
      case ROWS -> {
        property.put("type", "array");
        closedObject(field, property.putObject("items"));
      }
      case ANY_OBJECT -> property.put("type", "object");
      default -> {
        // A type added to the SPI after this host: described, not constrained.
      }
    }
    property.put("description", field.description());
    field.defaultValue().ifPresent(value -> property.set("default", JSON.valueToTree(value)));
    if (!field.allowedValues().isEmpty()) {
      ArrayNode values = property.putArray("enum");
      field.allowedValues().forEach(value -> values.add(JSON.valueToTree(value)));
    }
    field.pattern().ifPresent(pattern -> property.put("pattern", pattern));
    if (field.secret()) {
      property.put("writeOnly", true);
    }
    return property;
  }

  private static void closedObject(ConfigField field, ObjectNode object) {
    object.put("type", "object");
    ObjectNode properties = object.putObject("properties");
    ArrayNode required = JSON.createArrayNode();
    addFields(field.fields(), properties, required);
    if (!required.isEmpty()) {
      object.set("required", required);
    }
    object.put("additionalProperties", false);
    addConditions(field.fields(), object);
  }

  private static void addConditions(List<ConfigField> fields, ObjectNode object) {
    ArrayNode allOf = JSON.createArrayNode();
    for (ConfigField field : fields) {
      field
          .onlyWhen()
          .ifPresent(
              condition -> {
                ObjectNode rule = allOf.addObject();
                ObjectNode when = rule.putObject("if");
                ArrayNode values =
                    when.putObject("properties")
                        .putObject(condition.field())
                        .putObject("not")
                        .putArray("enum");
                condition.values().forEach(value -> values.add(JSON.valueToTree(value)));
                boolean absentForbids =
                    fields.stream()
                        .filter(sibling -> sibling.name().equals(condition.field()))
                        .flatMap(sibling -> sibling.defaultValue().stream())
                        .anyMatch(value -> !condition.values().contains(value));
                if (!absentForbids) {
                  when.putArray("required").add(condition.field());
                }
                rule.putObject("then").putObject("properties").put(field.name(), false);
              });
    }
    if (!allOf.isEmpty()) {
      object.set("allOf", allOf);
    }
  }
}
