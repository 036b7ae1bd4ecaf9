package io.customauth.runner.imports.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import java.io.BufferedInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opening input files the same way for every format: the file's bytes, a UTF-8 byte order mark
 * skipped, strict UTF-8; and the one mapping of parser failures to messages that name the line.
 */
final class InputFiles {
  private static final int BUFFER = 64 * 1024;
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'$");

  /**
   * The JSON parser every JSON format uses: a repeated key is an error, and Jackson's limits stand
   * (numbers of at most 1000 digits, 1000 levels of nesting, names of at most 50000 characters).
   */
  static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(StreamReadConstraints.defaults())
          .build();

  private InputFiles() {}

  /**
   * The file's bytes, buffered, after a UTF-8 byte order mark if it starts with one, so that every
   * format accepts a BOM the same way and byte offsets count from the first byte after it.
   */
  static InputStream openStream(Path file) {
    try {
      InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
      in.mark(3);
      byte[] start = in.readNBytes(3);
      if (start.length < 3
          || (start[0] & 0xFF) != 0xEF
          || (start[1] & 0xFF) != 0xBB
          || (start[2] & 0xFF) != 0xBF) {
        in.reset();
      }
      return in;
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  static ImportException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new ImportException(ImportErrorCode.INPUT_UNREADABLE, file + ": no such file", e);
    }
    if (e instanceof CharacterCodingException || e instanceof CharConversionException) {
      return new ImportException(ImportErrorCode.INPUT_INVALID, file + ": not valid UTF-8", e);
    }
    return new ImportException(
        ImportErrorCode.INPUT_UNREADABLE,
        file + ": cannot be read (" + e.getClass().getSimpleName() + ")",
        e);
  }

  /** {@link #unreadable} for a failure at {@code line}. */
  static ImportException invalidOrUnreadable(Path file, long line, IOException e) {
    ImportException cause = unreadable(file, e);
    return new ImportException(
        cause.code().equals(ImportErrorCode.INPUT_INVALID.name())
            ? ImportErrorCode.INPUT_INVALID
            : ImportErrorCode.INPUT_UNREADABLE,
        cause.getMessage() + " (line " + line + ")",
        e);
  }

  static ImportException invalid(Path file, long line, String what, Exception cause) {
    return new ImportException(
        ImportErrorCode.INPUT_INVALID, file + ": line " + line + ": " + what, cause);
  }

  /**
   * What a reader says of bytes that are not UTF-8, at a 1-based column of the line counted in
   * bytes, as Jackson counts it.
   */
  static String notUtf8(long byteColumn) {
    return "not valid UTF-8 (column " + byteColumn + ")";
  }

  /** A record larger than the batch byte limit: it could never be sent. */
  static ImportException tooLarge(Path file, long line, long maxRecordBytes) {
    return invalid(
        file,
        line,
        "the record is larger than "
            + maxRecordBytes
            + " bytes, the most a request of upload.maxBatchBytes can carry; raise"
            + " upload.maxBatchBytes or split the record",
        null);
  }

  /**
   * What is wrong, in words that never quote the input (Jackson's messages quote the offending
   * value): a parser limit is named as such, not as "not valid JSON".
   */
  static String describeJson(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof StreamConstraintsException) {
      return describeLimit(message);
    }
    Matcher duplicate = DUPLICATE.matcher(message);
    if (duplicate.matches()) {
      return "the key " + quoted(duplicate.group(1)) + " appears twice in the record";
    }
    String column =
        e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
    if (message.startsWith("Invalid UTF-8")) {
      return "not valid UTF-8" + column;
    }
    return "not valid JSON" + column;
  }

  /** Jackson's {@link StreamReadConstraints} violations, by the limit they hit. */
  static String describeLimit(String message) {
    if (message.startsWith("String value length")) {
      return "a string longer than " + max(message) + " characters";
    }
    if (message.startsWith("Number value length")) {
      return "a number longer than " + max(message) + " characters";
    }
    if (message.startsWith("Document nesting depth") || message.startsWith("Depth")) {
      return "nested deeper than " + max(message) + " levels";
    }
    if (message.startsWith("Name length")) {
      return "a key longer than " + max(message) + " characters";
    }
    return "beyond the parser's limits";
  }

  private static String max(String message) {
    Matcher matcher = Pattern.compile("maximum allowed \\((\\d+)").matcher(message);
    return matcher.find() ? matcher.group(1) : "the allowed";
  }

  /** A key for a message: JSON-quoted, so control characters cannot reach a terminal raw. */
  static String quoted(String key) {
    StringBuilder out = new StringBuilder("\"");
    String shown = key.length() > 100 ? key.substring(0, 100) + "…" : key;
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // A reader that fails to close has nothing left to tell us; the import's outcome stands.
    }
  }
}
