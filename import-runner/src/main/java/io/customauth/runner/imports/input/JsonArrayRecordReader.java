package io.customauth.runner.imports.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a file holding one JSON array of objects with Jackson's streaming parser: only the current
 * element is ever held in memory.
 */
final class JsonArrayRecordReader implements RecordReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final JsonParser parser;
  private boolean started;
  private boolean finished;
  private long element;

  JsonArrayRecordReader(Path file) {
    this.file = file;
    try {
      this.parser = JSON.getFactory().createParser(InputFiles.openReader(file));
    } catch (IOException e) {
      throw InputFiles.unreadable(file, e);
    }
  }

  @Override
  public Optional<InputRecord> next() {
    if (finished) {
      return Optional.empty();
    }
    try {
      if (!started) {
        started = true;
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_ARRAY) {
          throw invalid(line(), "the file must hold one JSON array of objects");
        }
      }
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_ARRAY) {
        finished = true;
        if (parser.nextToken() != null) {
          throw invalid(line(), "unexpected content after the closing ]");
        }
        return Optional.empty();
      }
      element++;
      long line = line();
      if (token != JsonToken.START_OBJECT) {
        throw invalid(line, "array element " + element + " is not a JSON object");
      }
      JsonNode node = JSON.readTree(parser);
      return Optional.of(new InputRecord(line, JSON.writeValueAsBytes(node)));
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? line() : e.getLocation().getLineNr();
      throw new ImportException(
          ImportErrorCode.INPUT_INVALID, file + ": line " + line + ": not valid JSON", e);
    } catch (IOException e) {
      throw InputFiles.unreadable(file, e);
    }
  }

  private long line() {
    return Math.max(1, parser.currentTokenLocation().getLineNr());
  }

  private ImportException invalid(long line, String what) {
    return new ImportException(
        ImportErrorCode.INPUT_INVALID, file + ": line " + line + ": " + what);
  }

  @Override
  public void close() {
    InputFiles.closeQuietly(parser);
  }
}
