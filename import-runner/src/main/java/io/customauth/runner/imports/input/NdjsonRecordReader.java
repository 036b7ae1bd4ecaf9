package io.customauth.runner.imports.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads newline-delimited JSON: one JSON object per line; blank lines are skipped. Each line is
 * checked with Jackson's streaming parser and forwarded as its own bytes, so numbers, escapes and
 * key order arrive as written; its bytes are checked to be strict UTF-8 first, which Jackson's
 * parser is not (it lets surrogates, overlong forms and code points beyond U+10FFFF through). A
 * line is read with a bound: one longer than a record may be stops the import at that line without
 * being read whole.
 */
final class NdjsonRecordReader implements RecordReader {
  /** Spaces, tabs and a CR around a record are not part of it. */
  private static final int WHITESPACE_SLACK = 64;

  private final Path file;
  private final InputStream in;
  private final int maxRecordBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private byte[] lineBytes = new byte[1024];
  private long line;
  private boolean failed;

  NdjsonRecordReader(Path file, int maxRecordBytes) {
    this.file = file;
    this.maxRecordBytes = maxRecordBytes;
    this.in = InputFiles.openStream(file);
  }

  @Override
  public Optional<InputRecord> next() {
    if (failed) {
      throw new IllegalStateException("the reader already failed");
    }
    try {
      int length;
      while ((length = readLine()) >= 0) {
        line++;
        int start = 0;
        int end = length;
        while (start < end && isWhitespace(lineBytes[start])) {
          start++;
        }
        while (end > start && isWhitespace(lineBytes[end - 1])) {
          end--;
        }
        if (start == end) {
          continue;
        }
        if (end - start > maxRecordBytes) {
          throw InputFiles.tooLarge(file, line, maxRecordBytes);
        }
        int bad = Utf8Check.firstInvalid(lineBytes, start, end);
        if (bad >= 0) {
          throw InputFiles.invalid(file, line, InputFiles.notUtf8(bad + 1), null);
        }
        check(start, end - start);
        return Optional.of(new InputRecord(line, Arrays.copyOfRange(lineBytes, start, end)));
      }
      return Optional.empty();
    } catch (IOException e) {
      throw InputFiles.invalidOrUnreadable(file, line + 1, e);
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /** The next line's length in {@link #lineBytes}, without its {@code \n}; -1 at the end. */
  private int readLine() throws IOException {
    int length = 0;
    boolean any = false;
    while (true) {
      if (position == limit) {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
          return any ? length : -1;
        }
        position = 0;
        limit = n;
      }
      any = true;
      int newline = position;
      while (newline < limit && buffer[newline] != '\n') {
        newline++;
      }
      int n = newline - position;
      if ((long) length + n > (long) maxRecordBytes + WHITESPACE_SLACK) {
        throw InputFiles.tooLarge(file, line + 1, maxRecordBytes);
      }
      if (length + n > lineBytes.length) {
        lineBytes = Arrays.copyOf(lineBytes, Math.max(length + n, lineBytes.length * 2));
      }
      System.arraycopy(buffer, position, lineBytes, length, n);
      length += n;
      if (newline < limit) {
        position = newline + 1;
        return length;
      }
      position = limit;
    }
  }

  /** The line must be exactly one JSON object, without repeated keys and within the limits. */
  private void check(int offset, int length) {
    try (JsonParser parser = InputFiles.JSON.createParser(lineBytes, offset, length)) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        throw InputFiles.invalid(file, line, "not a JSON object (found " + kind(token) + ")", null);
      }
      int depth = 1;
      while (depth > 0) {
        token = parser.nextToken();
        if (token == null) {
          throw InputFiles.invalid(file, line, "the object is not closed on its line", null);
        }
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          depth++;
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          depth--;
        }
      }
      if (parser.nextToken() != null) {
        throw InputFiles.invalid(file, line, "more than one JSON value on the line", null);
      }
    } catch (JsonProcessingException e) {
      throw InputFiles.invalid(file, line, InputFiles.describeJson(e), e);
    } catch (IOException e) {
      throw InputFiles.invalid(file, line, "not valid JSON", e);
    }
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\r';
  }

  static String kind(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }

  @Override
  public void close() {
    InputFiles.closeQuietly(in);
  }
}
