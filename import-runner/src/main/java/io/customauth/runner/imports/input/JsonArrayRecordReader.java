package io.customauth.runner.imports.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.customauth.runner.imports.ImportException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a file holding one JSON array of objects with Jackson's streaming parser, and cuts each
 * element out of the file's own bytes, so numbers, escapes and key order arrive as written; only
 * whitespace between tokens is dropped, which puts each record on one line. Each element's bytes
 * are checked to be strict UTF-8, which Jackson's parser does not do. Only the current element is
 * ever held in memory. An empty file holds no records.
 */
final class JsonArrayRecordReader implements RecordReader {
  /** Whitespace an element may carry beyond the record limit before it is refused unseen. */
  private static final int READ_AHEAD = 64 * 1024;

  private final Path file;
  private final int maxRecordBytes;
  private final RetainingInputStream in;
  private final JsonParser parser;
  private boolean started;
  private boolean finished;
  private boolean failed;
  private long element;
  private long elementLine = 1;

  JsonArrayRecordReader(Path file, int maxRecordBytes) {
    this.file = file;
    this.maxRecordBytes = maxRecordBytes;
    // An element may be indented: allow its whitespace as much room again as its content.
    this.in =
        new RetainingInputStream(InputFiles.openStream(file), 2L * maxRecordBytes + READ_AHEAD);
    try {
      this.parser = InputFiles.JSON.createParser(in);
    } catch (IOException e) {
      throw InputFiles.unreadable(file, e);
    }
  }

  @Override
  public Optional<InputRecord> next() {
    if (failed) {
      throw new IllegalStateException("the reader already failed");
    }
    if (finished) {
      return Optional.empty();
    }
    try {
      return read();
    } catch (RetainingInputStream.TooMuchRetained e) {
      failed = true;
      throw InputFiles.tooLarge(file, elementLine, maxRecordBytes);
    } catch (JsonProcessingException e) {
      failed = true;
      long line = e.getLocation() == null ? currentLine() : e.getLocation().getLineNr();
      throw InputFiles.invalid(file, line, InputFiles.describeJson(e), e);
    } catch (IOException e) {
      failed = true;
      throw InputFiles.invalidOrUnreadable(file, currentLine(), e);
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  private Optional<InputRecord> read() throws IOException {
    if (!started) {
      started = true;
      JsonToken first = parser.nextToken();
      if (first == null) {
        finished = true;
        return Optional.empty();
      }
      if (first != JsonToken.START_ARRAY) {
        throw InputFiles.invalid(
            file, tokenLine(), "the file must hold one JSON array of objects", null);
      }
    }
    in.release(parser.currentLocation().getByteOffset());
    JsonToken token = parser.nextToken();
    elementLine = tokenLine();
    if (token == JsonToken.END_ARRAY) {
      finished = true;
      if (parser.nextToken() != null) {
        throw InputFiles.invalid(file, tokenLine(), "unexpected content after the closing ]", null);
      }
      return Optional.empty();
    }
    if (token == null) {
      throw InputFiles.invalid(file, currentLine(), "the array is not closed", null);
    }
    element++;
    if (token != JsonToken.START_OBJECT) {
      throw InputFiles.invalid(
          file, elementLine, "array element " + element + " is not a JSON object", null);
    }
    long start = parser.currentTokenLocation().getByteOffset();
    int startColumn = parser.currentTokenLocation().getColumnNr();
    in.release(start);
    // Walking the tokens checks the element (syntax, repeated keys, limits) without a tree.
    parser.skipChildren();
    long end = parser.currentLocation().getByteOffset();
    byte[] bytes = in.slice(start, end);
    in.release(end);
    int bad = Utf8Check.firstInvalid(bytes, 0, bytes.length);
    if (bad >= 0) {
      throw notUtf8(bytes, bad, startColumn);
    }
    byte[] record = withoutWhitespace(bytes);
    if (record.length > maxRecordBytes) {
      throw InputFiles.tooLarge(file, elementLine, maxRecordBytes);
    }
    return Optional.of(new InputRecord(elementLine, record));
  }

  /**
   * Jackson's parser does not check UTF-8 strictly (surrogates, overlong forms and code points
   * beyond U+10FFFF pass): the element's bytes are, naming the line and byte the bad one is at.
   */
  private ImportException notUtf8(byte[] bytes, int bad, int startColumn) {
    long line = elementLine;
    int lineStart = -1;
    for (int i = 0; i < bad; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i;
      }
    }
    long column = lineStart < 0 ? Math.max(1, startColumn) + bad : bad - lineStart;
    return InputFiles.invalid(file, line, InputFiles.notUtf8(column), null);
  }

  /** The JSON text without whitespace between tokens; strings are copied as they are. */
  static byte[] withoutWhitespace(byte[] json) {
    int out = 0;
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        json[out++] = b;
        if (b == '\\') {
          json[out++] = json[++i];
        } else if (b == '"') {
          inString = false;
        }
      } else if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        json[out++] = b;
        inString = b == '"';
      }
    }
    return out == json.length ? json : Arrays.copyOf(json, out);
  }

  private long tokenLine() {
    return Math.max(1, parser.currentTokenLocation().getLineNr());
  }

  private long currentLine() {
    return Math.max(1, parser.currentLocation().getLineNr());
  }

  @Override
  public void close() {
    InputFiles.closeQuietly(parser);
    InputFiles.closeQuietly(in);
  }
}
