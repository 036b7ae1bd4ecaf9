package io.customauth.runner.imports.input;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * One record read from an input file, and the line it starts on.
 *
 * <p>A record read from JSON is kept as its bytes as the input has them (only whitespace between
 * tokens may be dropped). A CSV row is kept as its values (and the header names, shared by every
 * row) and only written as JSON when its batch is encoded, on an upload thread (as Jackson's
 * generator would write it, byte for byte, straight into the batch's body): one thread reads every
 * file, so whatever it does per record bounds the import's throughput, while the upload threads
 * have time to spare. Immutable.
 */
public final class InputRecord {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /**
   * How Jackson's generator writes each ASCII character in a string by default: 0 as itself, a
   * letter after a backslash, or -1 as a six-character escape (a backslash, {@code u} and four
   * upper-case hex digits).
   */
  private static final byte[] ESCAPES = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = -1;
    }
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
  }

  private final long line;
  private final int size;
  private final byte[] json;
  private final String[] names;
  private final String[] values;

  /** Bit {@code i}: field {@code i}'s name and value need no escaping and are ASCII. */
  private final long plainFields;

  /**
   * @param line the line of the input file the record starts on (1-based)
   * @param json the record as a JSON object on one line, UTF-8, as the input file has it; never
   *     modified afterwards
   */
  public InputRecord(long line, byte[] json) {
    this(line, requireNonNull(json, "json").length, json, null, null, 0);
  }

  private InputRecord(
      long line, int size, byte[] json, String[] names, String[] values, long plainFields) {
    if (line < 1) {
      throw new IllegalArgumentException("line must be at least 1");
    }
    this.line = line;
    this.size = size;
    this.json = json;
    this.names = names;
    this.values = values;
    this.plainFields = plainFields;
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
    long plainFields = 0;
    for (int i = 0; i < values.length; i++) {
      int nameBytes = jsonStringBytes(names[i]);
      int valueBytes = jsonStringBytes(values[i]);
      size += nameBytes + 1 + valueBytes;
      if (isPlain(names[i], nameBytes) && isPlain(values[i], valueBytes)) {
        plainFields |= plainBit(i);
      }
    }
    return csvRow(line, names, values, size, plainFields);
  }

  /**
   * {@link #csvRow(long, String[], String[])} whose JSON size the caller already counted, and which
   * fields it found plain: bit {@code i} of {@code plainFields} (see {@link #plainBit}) only if
   * both {@link #isPlain} for field {@code i}'s name and value.
   */
  static InputRecord csvRow(
      long line, String[] names, String[] values, int size, long plainFields) {
    if (values.length > names.length) {
      throw new IllegalArgumentException("a row cannot have more values than the header");
    }
    return new InputRecord(line, size, null, names, values, plainFields);
  }

  /**
   * Whether {@code text}, which takes {@code jsonBytes} as a JSON string, is written as itself
   * between quotes: printable ASCII without a quote or backslash (every other character takes more
   * than one byte).
   */
  static boolean isPlain(String text, int jsonBytes) {
    return jsonBytes == text.length() + 2;
  }

  /** The bit of field {@code i} in a row's plain fields; fields from the 64th on have none. */
  static long plainBit(int i) {
    return i < Long.SIZE ? 1L << i : 0;
  }

  /** The bytes {@code "name":"value"} takes in a record's JSON, without a separating comma. */
  static int fieldBytes(String name, String value) {
    return jsonStringBytes(name) + 1 + jsonStringBytes(value);
  }

  /**
   * The bytes of {@code text} as a JSON string written by Jackson's generator with its default
   * escaping: quotes around it, a backslash before a quote or backslash, two-character escapes for
   * backspace, tab, newline, form feed and carriage return, a six-character escape for other
   * control characters, everything else as UTF-8 (a surrogate pair as one four-byte sequence).
   */
  static int jsonStringBytes(String text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80 || ESCAPES[c] != 0) {
        return 2 + i + jsonBytesFrom(text, i);
      }
    }
    return 2 + length;
  }

  /** The bytes of {@code text}'s characters from {@code from} on, escaped as in a JSON string. */
  private static int jsonBytesFrom(String text, int from) {
    int bytes = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        int escape = ESCAPES[c];
        bytes += escape == 0 ? 1 : escape > 0 ? 2 : 6;
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

  /**
   * Writes {@code text}, which {@link #isPlain}, between quotes at {@code out[at]}; returns the
   * index after it.
   */
  @SuppressWarnings("deprecation") // The one copy of a String's chars to bytes; exact for ASCII.
  private static int writePlain(String text, byte[] out, int at) {
    out[at++] = '"';
    text.getBytes(0, text.length(), out, at);
    at += text.length();
    out[at++] = '"';
    return at;
  }

  /**
   * Writes {@code text} as a JSON string at {@code out[at]}, exactly as Jackson's generator does
   * with its default escaping ({@link #jsonStringBytes} bytes); returns the index after it.
   */
  private static int writeJsonString(String text, byte[] out, int at) {
    out[at++] = '"';
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        int escape = ESCAPES[c];
        if (escape == 0) {
          out[at++] = (byte) c;
        } else if (escape > 0) {
          out[at++] = '\\';
          out[at++] = (byte) escape;
        } else {
          out[at++] = '\\';
          out[at++] = 'u';
          out[at++] = '0';
          out[at++] = '0';
          out[at++] = HEX[c >> 4];
          out[at++] = HEX[c & 0xF];
        }
      } else if (c < 0x800) {
        out[at++] = (byte) (0xC0 | (c >> 6));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        out[at++] = (byte) (0xF0 | (cp >> 18));
        out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        out[at++] = (byte) (0xE0 | (c >> 12));
        out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    out[at++] = '"';
    return at;
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
    byte[] out = new byte[size];
    writeTo(out, 0);
    return out;
  }

  /**
   * Writes the record as a JSON object at {@code out[at]}, its {@link #size()} bytes, and returns
   * the index after it. A CSV row is written as Jackson's generator would write it, without one:
   * its values in order, keyed by their header names.
   *
   * @throws IllegalStateException if a CSV row's JSON is not the size it was counted at (a bug: the
   *     batch's size would be wrong)
   */
  public int writeTo(byte[] out, int at) {
    if (json != null) {
      System.arraycopy(json, 0, out, at, json.length);
      return at + json.length;
    }
    int start = at;
    out[at++] = '{';
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      if ((plainFields & plainBit(i)) != 0) {
        at = writePlain(names[i], out, at);
        out[at++] = ':';
        at = writePlain(values[i], out, at);
      } else {
        at = writeJsonString(names[i], out, at);
        out[at++] = ':';
        at = writeJsonString(values[i], out, at);
      }
    }
    out[at++] = '}';
    if (at - start != size) {
      throw new IllegalStateException(
          "a CSV row was counted at " + size + " bytes but is " + (at - start));
    }
    return at;
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
