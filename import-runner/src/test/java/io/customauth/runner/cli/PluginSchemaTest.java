package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plugins --schema TYPE}: the JSON Schema derived from a plugin's description, checked with
 * a JSON Schema validator against the shipped example connectors, and the host's generic checks of
 * described plugins through {@code validate}.
 */
class PluginSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLES = Path.of("src/dist/examples");

  @TempDir Path dir;

  private final RunnerEnvironment real = SharedPlugins.testHome(Map.of(), Path.of("."));

  private JsonNode customSchema() throws IOException {
    Cli.Result result = Cli.run(real, "plugins", "--schema", "custom");
    assertThat(result.exitCode()).as(result.err()).isZero();
    return JSON.readTree(result.out());
  }

  @Test
  void theCustomSchemaIsDraft2020WithTypesDefaultsEnumsAndSecretsMarked() throws IOException {
    JsonNode schema = customSchema();

    assertThat(schema.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.get("type").asText()).isEqualTo("object");
    assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
    assertThat(schema.get("required"))
        .extracting(JsonNode::asText)
        .containsExactly("type", "method", "authenticationUrl", "tokenKeyName", "expiryType");
    JsonNode properties = schema.get("properties");
    assertThat(properties.at("/type/const").asText()).isEqualTo("custom");
    assertThat(properties.at("/method/enum"))
        .extracting(JsonNode::asText)
        .containsExactly("GET", "POST");
    assertThat(properties.at("/safetyWindowSeconds/type").asText()).isEqualTo("integer");
    assertThat(properties.at("/safetyWindowSeconds/default").asInt()).isEqualTo(60);
    assertThat(properties.at("/timeoutSeconds/type").asText()).isEqualTo("number");
    assertThat(properties.at("/requestBody/type").asText()).isEqualTo("array");
    assertThat(properties.at("/requestBody/items/properties/value/writeOnly").asBoolean()).isTrue();
    assertThat(properties.at("/requestBody/items/required/0").asText()).isEqualTo("key");
    assertThat(properties.at("/inject/additionalProperties").asBoolean()).isFalse();
    assertThat(properties.at("/authenticationUrl/pattern").asText()).startsWith("^");
    assertThat(schema.at("/allOf/0/if/properties/method/not/enum/0").asText()).isEqualTo("POST");
    assertThat(schema.at("/allOf/0/if/required/0").asText()).isEqualTo("method");
    assertThat(schema.at("/allOf/0/then/properties/requestBody").asBoolean(true)).isFalse();
    assertThat(schema.at("/allOf/1/then/properties/jsonBody").isBoolean()).isTrue();
    properties.forEach(property -> assertThat(property.get("description").asText()).isNotBlank());
  }

  @Test
  void everyShippedExampleConnectorsAuthBlockMatchesTheSchema() throws IOException {
    Schema schema = validator(customSchema());
    List<Path> examples;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      examples =
          files
              .filter(file -> !file.getFileName().toString().startsWith("invalid"))
              .sorted()
              .toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(2);

    for (Path example : examples) {
      List<Error> errors = schema.validate(authBlock(example));

      assertThat(errors).as(example.toString()).isEmpty();
      Cli.Result validate = Cli.run(real, "validate", example.toString());
      assertThat(validate.exitCode()).as(example + ": " + validate.err()).isZero();
    }
  }

  @Test
  void theInvalidExampleIsRejectedByTheSchemaForFieldsThatValidateNames() throws IOException {
    Path invalid = EXAMPLES.resolve("invalid.json");

    Set<String> schemaFields = new TreeSet<>();
    for (Error error : validator(customSchema()).validate(authBlock(invalid))) {
      schemaFields.add(field(error));
    }
    Cli.Result validate = Cli.run(real, "validate", "--json", invalid.toString());
    Set<String> validateFields = new TreeSet<>();
    for (String text : toText(JSON.readTree(validate.out()).at("/error/violations"))) {
      if (text.startsWith("auth.")) {
        validateFields.add(text.substring("auth.".length(), text.indexOf(':')).split("[.\\[]")[0]);
      }
    }

    assertThat(validate.exitCode()).isEqualTo(2);
    // The schema says every auth rule validate applies here: the https-only pattern, a body only
    // with POST, required fields and allowed values.
    assertThat(schemaFields)
        .containsExactly("authenticationUrl", "expiryType", "requestBody", "tokenKeyName");
    assertThat(schemaFields).isEqualTo(validateFields);
  }

  @Test
  void anUnknownTypeOrOneWithoutADescriptionIsAUsageError() throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins/static"));
    PluginJars.staticPlugin(plugins.resolve("static.jar"));
    RunnerEnvironment environment = RunnerEnvironment.of(Map.of(), dir, dir);

    Cli.Result unknown = Cli.run(environment, "plugins", "--schema", "nope");
    Cli.Result undescribed = Cli.run(environment, "plugins", "--schema", "static");

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no installed plugin provides type 'nope'", "static");
    assertThat(unknown.out()).isEmpty();
    assertThat(undescribed.exitCode()).isEqualTo(2);
    assertThat(undescribed.err()).contains("does not describe its configuration");
  }

  @Test
  void describedPluginsGetUnknownFieldsWithASuggestionRequiredFieldsEnumsAndTypesOnce()
      throws IOException {
    Path connector =
        Files.writeString(
            dir.resolve("typos.json"),
            """
            {"name": "typos", "auth": {"type": "custom", "method": "PUT",
              "authenticationUrl": "https://auth.example/token",
              "tokenKeyNam": "access_token", "expiryKeyName": "expires_in",
              "expiryType": "seconds", "timeoutSeconds": "30",
              "requestBody": [{"key": "a", "value": "b", "vlaue": "c"}]}}
            """);

    Cli.Result result = Cli.run(real, "validate", "--json", connector.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    List<String> violations = toText(JSON.readTree(result.out()).at("/error/violations"));
    assertThat(violations)
        .contains(
            "auth.method: unknown value; known values: GET, POST",
            "auth.requestBody[0].vlaue: unknown field; did you mean value? Known fields: key, value",
            "auth.timeoutSeconds: must be a number",
            "auth.tokenKeyName: is required",
            "auth.tokenKeyNam: unknown field; did you mean tokenKeyName? Known fields: type,"
                + " method, authenticationUrl, queryParameters, headers, requestBody, jsonBody,"
                + " basicAuth, tokenFrom, tokenKeyName, expiryKeyName, expiryType,"
                + " defaultLifetimeSeconds, safetyWindowSeconds, timeoutSeconds, maxAttempts,"
                + " inject, trustedCertificates");
    assertThat(violations.stream().filter(v -> v.startsWith("auth.tokenKeyNam:"))).hasSize(1);
    assertThat(violations.stream().filter(v -> v.startsWith("auth.method:"))).hasSize(1);
  }

  @Test
  void aConnectorWhoseTypeOnlyASkippedPluginProvidesSaysItIsDisabledAndWhy() throws IOException {
    for (String name : List.of("static", "static-copy")) {
      Path plugin = Files.createDirectories(dir.resolve("plugins").resolve(name));
      PluginJars.staticPlugin(plugin.resolve("static.jar"));
    }
    Path connector =
        Files.writeString(
            dir.resolve("static.json"),
            "{\"name\": \"s\", \"auth\": {\"type\": \"static\", \"token\": \"t\"}}");

    Cli.Result result =
        Cli.run(RunnerEnvironment.of(Map.of(), dir, dir), "validate", connector.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("auth.type: type 'static' is disabled: ")
        .contains("is also provided by")
        .doesNotContain("no installed plugin");
  }

  private static List<String> toText(JsonNode array) {
    // Violations are {"path": …, "message": …} objects; as text, "path: message".
    return StreamSupport.stream(array.spliterator(), false)
        .map(v -> v.path("path").asText() + ": " + v.path("message").asText())
        .toList();
  }

  private static Schema validator(JsonNode schema) {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(schema.toString());
  }

  private static JsonNode authBlock(Path connector) throws IOException {
    ObjectMapper reader = connector.toString().endsWith(".json") ? JSON : new YAMLMapper();
    return reader.readTree(connector.toFile()).get("auth");
  }

  /** The top-level auth field an error is about. */
  private static String field(Error error) {
    if (error.getInstanceLocation().getNameCount() > 0) {
      return String.valueOf(error.getInstanceLocation().getElement(0));
    }
    return error.getProperty();
  }
}
