package io.customauth.runner.connector;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads a connector file into a tree: YAML when its name ends in {@code .yaml}/{@code .yml}, JSON
 * otherwise. A repeated key is an error, not "last one wins", so two auth blocks cannot hide one
 * another.
 */
final class ConnectorDocument {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private ConnectorDocument() {}

  /**
   * @throws AuthException {@code CONFIG_INVALID} when the file cannot be read or parsed; the
   *     message gives the line and column, never the file's content
   */
  static JsonNode read(Path file) {
    boolean yaml = isYaml(file);
    String format = yaml ? "YAML" : "JSON";
    JsonNode root;
    try {
      root = (yaml ? YAML : JSON).readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw invalid(format + " syntax error" + where(e.getLocation()) + duplicateKey(e));
    } catch (NoSuchFileException e) {
      throw invalid("the connector file does not exist");
    } catch (IOException e) {
      throw invalid(
          Files.exists(file)
              ? "the connector file cannot be read (" + e.getClass().getSimpleName() + ")"
              : "the connector file does not exist");
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw invalid("the connector file is empty");
    }
    return root;
  }

  static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** Jackson's own message may quote the offending text, a secret maybe; only key names pass. */
  private static String duplicateKey(JsonProcessingException e) {
    String original = e.getOriginalMessage();
    return original != null && original.startsWith("Duplicate field")
        ? ": " + original.replace("Duplicate field", "duplicate key")
        : "";
  }

  private static AuthException invalid(String message) {
    return AuthException.invalidConfig(List.of(new ConfigViolation("", message)));
  }
}
