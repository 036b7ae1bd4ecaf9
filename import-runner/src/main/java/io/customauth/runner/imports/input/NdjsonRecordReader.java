package io.customauth.runner.imports.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads newline-delimited JSON: one JSON object per line; blank lines are skipped. */
final class NdjsonRecordReader implements RecordReader {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Path file;
  private final BufferedReader reader;
  private long line;

  NdjsonRecordReader(Path file) {
    this.file = file;
    this.reader = (BufferedReader) InputFiles.openReader(file);
  }

  @Override
  public Optional<InputRecord> next() {
    try {
      String text;
      while ((text = reader.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
          throw invalid("not valid JSON (column " + e.getLocation().getColumnNr() + ")", e);
        }
        if (!node.isObject()) {
          throw invalid("not a JSON object (found " + kind(node) + ")", null);
        }
        return Optional.of(new InputRecord(line, JSON.writeValueAsBytes(node)));
      }
      return Optional.empty();
    } catch (IOException e) {
      ImportException cause = InputFiles.unreadable(file, e);
      throw new ImportException(
          ImportErrorCode.valueOf(cause.code()),
          cause.getMessage() + " (line " + (line + 1) + ")",
          e);
    }
  }

  private ImportException invalid(String what, Exception cause) {
    return new ImportException(
        ImportErrorCode.INPUT_INVALID, file + ": line " + line + ": " + what, cause);
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  @Override
  public void close() {
    InputFiles.closeQuietly(reader);
  }
}
