package io.customauth.runner.imports.input;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One record read from an input file, and the line it starts on.
 *
 * <p>A record read from JSON is kept as its compact JSON bytes. A CSV row is kept as its values
 * (and the header names, shared by every row) and only written as JSON when its batch is encoded,
 * on an upload thread: one thread reads every file, so whatever it does per record bounds the
 * import's throughput, while the upload threads have time to spare. Immutable.
 */
public final class InputRecord {
  private static final JsonFactory JSON = new JsonFactory();

  private final long line;
  private final byte[] json;
  private final String[] names;
  private final String[] values;

  /**
   * @param line the line of the input file the record starts on (1-based)
   * @param json the record as a compact JSON object, UTF-8; never modified afterwards
   */
  public InputRecord(long line, byte[] json) {
    this(line, requireNonNull(json, "json"), null, null);
  }

  private InputRecord(long line, byte[] json, String[] names, String[] values) {
    if (line < 1) {
      throw new IllegalArgumentException("line must be at least 1");
    }
    this.line = line;
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
    return new InputRecord(line, null, names, values);
  }

  /** The line of the input file the record starts on (1-based). */
  public long line() {
    return line;
  }

  /** The record as a compact JSON object, UTF-8. */
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

  /** A guess of the record's JSON size, to size a batch's buffer. */
  public int sizeHint() {
    if (json != null) {
      return json.length;
    }
    int size = 2;
    for (int i = 0; i < values.length; i++) {
      size += names[i].length() + values[i].length() + 6;
    }
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
