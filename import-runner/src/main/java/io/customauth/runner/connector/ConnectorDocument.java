package io.customauth.runner.connector;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.customauth.runner.files.SmallFiles;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a connector file into a tree: YAML when its name ends in {@code .yaml}/{@code .yml}, JSON
 * otherwise. A repeated key is an error, not "last one wins", so two auth blocks cannot hide one
 * another.
 */
final class ConnectorDocument {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // A second object after the first is a mistake (two files pasted), not something to drop.
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // A jsonBody is sent as written: 19.990 must not become 19.99 (ConfigTree).
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** Connector files are a few KiB; a larger file is certainly the wrong one. */
  static final int MAX_BYTES = 1024 * 1024;

  private static final String LIMIT_RULE = "a connector file may hold at most 1 MiB";

  private ConnectorDocument() {}

  /**
   * Does nothing: initialising this class builds its JSON mapper (see {@link
   * ConnectorLoader#prepareInBackground}).
   */
  static void touch() {}

  /** Built on first use: SnakeYAML and Jackson's YAML module are loaded only for YAML files. */
  private static final class Yaml {
    static final ObjectMapper MAPPER =
        YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
  }

  /**
   * @throws AuthException {@code CONFIG_INVALID} when the file is missing, not a regular file,
   *     larger than 1 MiB, or cannot be read or parsed; the message gives the absolute path, or the
   *     line and column, never the file's content
   */
  static JsonNode read(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    byte[] content;
    try {
      content = SmallFiles.read(absolute, MAX_BYTES, LIMIT_RULE);
    } catch (SmallFiles.Refused e) {
      throw invalid("the connector file " + absolute + " " + e.reason() + advice(e.reason()));
    }
    boolean yaml = isYaml(file);
    String format = yaml ? "YAML" : "JSON";
    JsonNode root;
    try {
      root = (yaml ? Yaml.MAPPER : JSON).readTree(content);
    } catch (JsonProcessingException e) {
      if (yaml && e.getCause() instanceof MarkedYAMLException cause) {
        Optional<String> problem = yamlProblem(cause);
        if (problem.isPresent()) {
          throw invalid(format + " syntax error" + problem.get());
        }
      }
      throw invalid(format + " syntax error" + where(e.getLocation()) + duplicateKey(e));
    } catch (IOException e) {
      throw invalid("the connector file cannot be parsed (" + e.getClass().getSimpleName() + ")");
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw invalid("the connector file is empty");
    }
    return root;
  }

  /** What to check when the file was refused: the path, when there is nothing (readable) there. */
  private static String advice(String reason) {
    if (reason.startsWith("does not exist")) {
      return "; check the path (a relative one starts from the working directory)";
    }
    if (reason.startsWith("is a directory")) {
      return "; name the .json, .yaml or .yml file in it";
    }
    return "";
  }

  static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /**
   * Where SnakeYAML found the problem (Jackson's location may be a line early) and, for the
   * mistakes users make most, why and how to fix it; never the text there. Empty when SnakeYAML
   * gave no place.
   */
  private static Optional<String> yamlProblem(MarkedYAMLException e) {
    Mark mark = e.getProblemMark();
    if (mark == null) {
      return Optional.empty();
    }
    String where = " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    String problem = String.valueOf(e.getProblem());
    if (problem.contains("(TAB)")) {
      return Optional.of(where + ": tabs are not allowed for indentation in YAML; use spaces");
    }
    if (problem.endsWith("but got {") && before(mark) == '$') {
      // In flow style ({…} or […]) a plain ${ ends the value at $ and opens a mapping at {.
      return Optional.of(
          where + ": quote values that start with ${ in YAML flow style, e.g. \"${env:X}\"");
    }
    return Optional.of(where);
  }

  /** The character before the mark, or -1. */
  private static int before(Mark mark) {
    int[] buffer = mark.getBuffer();
    int pointer = mark.getPointer();
    return buffer != null && pointer > 0 && pointer <= buffer.length ? buffer[pointer - 1] : -1;
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
