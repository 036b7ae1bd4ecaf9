package io.customauth.runner.imports.input;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One record read from an input file, and the line it starts on.
 *
 * <p>A record read from JSON is kept as its bytes as the input has them (only whitespace between
 * tokens may be dropped). A CSV row is kept as its values (and the header names, shared by every
 * row) and only written as JSON when its batch is encoded, on an upload thread: one thread reads
 * every file, so whatever it does per record bounds the import's throughput, while the upload
 * threads have time to spare. Immutable.
 */
public final class InputRecord {
  // Characters beyond the BMP go out as UTF-8, as the CSV had them, not as escaped surrogates.
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

  private final long line;
  private final int size;
  private final byte[] json;
  private final String[] names;
  private final String[] values;

  /**
   * @param line the line of the input file the record starts on (1-based)
   * @param json the record as a JSON object on one line, UTF-8, as the input file has it; never
   *     modified afterwards
   */
  public InputRecord(long line, byte[] json) {
    this(line, requireNonNull(json, "json").length, json, null, null);
  }

  private InputRecord(long line, int size, byte[] json, String[] names, String[] values) {
    if (line < 1) {
      throw new IllegalArgumentException("line must be at least 1");
    }
    this.line = line;
    this.size = size;
    this.json = json;
    this.names = names;
    this.values = values;
  }

  /**
   * A CSV row: {@code values[i]} is the field named {@code names[i]}. A row may have fewer values
   * than the header has names; neither array may be modified afterwards.
   */
  static InputRecord csvRow(long line, String[] names, String[] values) {
    if (values.length > names.length) {
      throw new IllegalArgumentException("a row cannot have more values than the header");
    }
    int size = 2 + Math.max(0, values.length - 1);
    for (int i = 0; i < values.length; i++) {
      size += fieldBytes(names[i], values[i]);
    }
    return csvRow(line, names, values, size);
  }

  /** {@link #csvRow(long, String[], String[])} whose JSON size the caller already counted. */
  static InputRecord csvRow(long line, String[] names, String[] values, int size) {
    if (values.length > names.length) {
      throw new IllegalArgumentException("a row cannot have more values than the header");
    }
    return new InputRecord(line, size, null, names, values);
  }

  /** The bytes {@code "name":"value"} takes in a record's JSON, without a separating comma. */
  static int fieldBytes(String name, String value) {
    return jsonStringBytes(name) + 1 + jsonStringBytes(value);
  }

  /**
   * The bytes of {@code text} as a JSON string written by Jackson's generator with its default
   * escaping: quotes around it, a backslash before a quote or backslash, two-character escapes for
   * backspace, tab, newline, form feed and carriage return, a six-character escape for other
   * control characters, everything else as UTF-8.
   */
  static int jsonStringBytes(String text) {
    int bytes = 2;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        bytes += 2;
      } else if (c < 0x20) {
        bytes += (c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') ? 2 : 6;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The line of the input file the record starts on (1-based). */
  public long line() {
    return line;
  }

  /** The record as a JSON object on one line, UTF-8: a JSON record as the input has it. */
  public byte[] json() {
    if (json != null) {
      return json;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      writeTo(out, generator);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * Appends the record as a JSON object to {@code out}, through {@code generator} (which writes to
   * {@code out} and is flushed before this returns) for a CSV row.
   */
  public void writeTo(ByteArrayOutputStream out, JsonGenerator generator) throws IOException {
    if (json != null) {
      out.writeBytes(json);
      return;
    }
    generator.writeStartObject();
    for (int i = 0; i < values.length; i++) {
      generator.writeFieldName(names[i]);
      generator.writeString(values[i]);
    }
    generator.writeEndObject();
    generator.flush();
  }

  /** The length in bytes of {@link #json()}, exact, without encoding a CSV row. */
  public int size() {
    return size;
  }

  /** Never the record's content: input data may be confidential. */
  @Override
  public String toString() {
    return json != null
        ? "InputRecord[line=" + line + ", bytes=" + json.length + "]"
        : "InputRecord[line=" + line + ", fields=" + values.length + "]";
  }
}
