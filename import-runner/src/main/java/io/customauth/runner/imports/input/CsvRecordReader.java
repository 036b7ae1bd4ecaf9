package io.customauth.runner.imports.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.csv.impl.UTF8Reader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a CSV file with a header row (RFC 4180 quoting) through Jackson's streaming CSV parser.
 * Each row becomes an object whose keys are the header names and whose values are strings, both
 * exactly as the file has them: spaces and tabs around a field or a header name are part of it
 * (quotes are only taken off a field that starts with one). A row with more fields than the header
 * is an error, except one more field that is empty or only spaces and tabs (a trailing comma); a
 * shorter row simply lacks the missing keys. The header's names must be non-blank and distinct; a
 * trailing comma after the last name is allowed. Empty lines (no character before the line break)
 * are skipped; a line of only spaces or tabs is skipped before the header, and after it is a row of
 * one field, as written. A file without a header (empty, or such lines only) holds no records, like
 * a file with only a header. Spaces, tabs and other characters up to U+0020 between a quoted
 * field's closing quote and the next comma or line break are not part of the field (Jackson's
 * parser passes over them; RFC 4180 allows nothing there).
 */
final class CsvRecordReader implements RecordReader {
  // Jackson's own blank-line skipping (SKIP_EMPTY_LINES) also eats the spaces that start a row
  // (jackson-dataformats-text#15), and its header handling trims the names: neither is used. With
  // no columns in the schema, the parser hands every row out as an array of its fields, as written.
  private static final CsvMapper CSV = CsvMapper.builder().build();
  private static final int DECODE_BUFFER = 16 * 1024;

  private final Path file;
  private final int maxRecordBytes;
  private final CsvParser parser;
  private boolean started;

  /** The header's names, as written; shared by every row, never changed once read. */
  private String[] header;

  /** {@code headerBytes[i]}: the bytes of {@code header[i]} as a JSON string, and its colon. */
  private int[] headerBytes;

  /** Bit {@code i} (see {@link InputRecord#plainBit}): {@code header[i]} is plain. */
  private long plainNames;

  /** Where the next row starts, as far as the parser knows: the line to blame if it breaks. */
  private long nextRowLine = 1;

  private boolean failed;

  CsvRecordReader(Path file, int maxRecordBytes) {
    this.file = file;
    this.maxRecordBytes = maxRecordBytes;
    try {
      // A field can never be longer than a record: the bound stops a huge field early.
      this.parser =
          CSV.getFactory()
              .rebuild()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxStringLength(maxRecordBytes).build())
              .build()
              .createParser(
                  // Jackson's own UTF-8 decoder (what createParser(InputStream) would use, without
                  // its guess at UTF-16 and UTF-32), over bytes checked as strict UTF-8.
                  new UTF8Reader(
                      null,
                      new StrictUtf8InputStream(InputFiles.openStream(file)),
                      true,
                      new byte[DECODE_BUFFER],
                      0,
                      0));
    } catch (IOException e) {
      throw InputFiles.unreadable(file, e);
    }
    parser.setSchema(CsvSchema.emptySchema());
  }

  @Override
  public Optional<InputRecord> next() {
    if (failed) {
      throw new IllegalStateException("the reader already failed");
    }
    try {
      if (!started) {
        started = true;
        if (!readHeader()) {
          header = new String[0];
          return Optional.empty();
        }
      }
      if (header.length == 0) {
        return Optional.empty();
      }
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        InputRecord row = row(token);
        if (row != null) {
          return Optional.of(row);
        }
      }
      return Optional.empty();
    } catch (StreamConstraintsException e) {
      failed = true;
      String what = InputFiles.describeLimit(e.getOriginalMessage());
      throw InputFiles.invalid(
          file, nextRowLine, what.replace("a string longer", "a field longer"), e);
    } catch (JsonProcessingException e) {
      failed = true;
      throw InputFiles.invalid(file, nextRowLine, describe(e.getOriginalMessage()), e);
    } catch (CharacterCodingException e) {
      failed = true;
      // The parser reads past a row's line break before it hands the row out, so a bad byte at the
      // start of a line surfaces while the row before it is still being read: name the line that
      // holds the byte, counted again from the file, not the row the parser was on.
      long line =
          e instanceof StrictUtf8InputStream.NotUtf8 bad
              ? Math.max(nextRowLine, lineOf(bad.offset()))
              : nextRowLine;
      throw InputFiles.invalid(file, line, "not valid UTF-8", e);
    } catch (IOException e) {
      failed = true;
      throw InputFiles.invalidOrUnreadable(file, nextRowLine, e);
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * The row that starts at {@code token} (the parser's start of a row), or null for an empty line.
   */
  private InputRecord row(JsonToken token) throws IOException {
    if (token != JsonToken.START_ARRAY) {
      throw new IllegalStateException("the CSV parser produced " + token + " between rows");
    }
    nextRowLine = Math.max(nextRowLine, parser.currentLocation().getLineNr());
    // Only parsing happens here, on the one reading thread; the row becomes JSON on an upload
    // thread (see InputRecord).
    // As long as the header, so that a full row's array is the record's as it is.
    String[] values = new String[header.length];
    int count = 0;
    long line = nextRowLine;
    int size = 1;
    long plainFields = 0;
    boolean emptyLine = false;
    while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
      String value = parser.getText();
      if (count == 0) {
        // The first field's position is the row's true first line (empty lines are skipped).
        line = parser.currentTokenLocation().getLineNr();
        nextRowLine = line;
        emptyLine = value.isEmpty() && startsAtLineEnd();
      }
      if (count == header.length) {
        // One more field than the header: a trailing comma if it is the row's last and blank.
        token = parser.nextToken();
        if (token != JsonToken.END_ARRAY || !isBlank(value)) {
          throw InputFiles.invalid(
              file,
              line,
              "the row has more fields than the header (" + header.length + " columns)",
              null);
        }
        break;
      }
      int valueBytes = InputRecord.jsonStringBytes(value);
      size += headerBytes[count] + valueBytes + 1;
      if (InputRecord.isPlain(value, valueBytes)) {
        plainFields |= InputRecord.plainBit(count);
      }
      if (size > maxRecordBytes) {
        throw InputFiles.tooLarge(file, line, maxRecordBytes);
      }
      values[count++] = value;
    }
    if (token != JsonToken.END_ARRAY) {
      throw new IllegalStateException("the CSV parser produced " + token + " inside a row");
    }
    nextRowLine = parser.currentLocation().getLineNr();
    if (emptyLine && count == 1) {
      return null;
    }
    return InputRecord.csvRow(
        line,
        header,
        count == values.length ? values : Arrays.copyOf(values, count),
        count == 0 ? 2 : size,
        plainFields & plainNames);
  }

  /**
   * Whether the field the parser just read, an empty one, starts where its line ends: nothing, not
   * even a quote or a comma, stands before the line break. The parser's current location is the
   * last character it took as part of the row (a line break it has seen but not yet handled does
   * not count), which for such a field is the character before the field's start; for {@code ""} it
   * is the closing quote, for a field ended by a comma the comma. The tests for empty lines, {@code
   * ""} rows and {@code ,} rows, with every line ending, pin this down.
   */
  private boolean startsAtLineEnd() {
    return parser.currentLocation().getCharOffset() < parser.currentTokenLocation().getCharOffset();
  }

  /** Whether {@code text} is empty or only spaces and tabs. */
  private static boolean isBlank(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the header, the first line that is neither empty nor only spaces and tabs, and checks it;
   * false for a file without one. Its names are kept as written; a blank last name (a trailing
   * comma) is dropped.
   */
  private boolean readHeader() throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != null) {
      if (token != JsonToken.START_ARRAY) {
        throw new IllegalStateException("the CSV parser produced " + token + " before the header");
      }
      nextRowLine = Math.max(nextRowLine, parser.currentLocation().getLineNr());
      List<String> names = new ArrayList<>();
      long line = nextRowLine;
      boolean emptyLine = false;
      while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
        String name = parser.getText();
        if (names.isEmpty()) {
          line = parser.currentTokenLocation().getLineNr();
          nextRowLine = line;
          emptyLine = name.isEmpty() && startsAtLineEnd();
        }
        names.add(name);
      }
      if (token != JsonToken.END_ARRAY) {
        throw new IllegalStateException("the CSV parser produced " + token + " in the header");
      }
      nextRowLine = parser.currentLocation().getLineNr();
      if (names.size() == 1 && (emptyLine || (!names.get(0).isEmpty() && isBlank(names.get(0))))) {
        // No header has a single blank name: such a line is a stray one before the header. An
        // empty field that is not an empty line was written as "": a name, refused below.
        continue;
      }
      if (names.size() > 1 && isBlank(names.get(names.size() - 1))) {
        names.remove(names.size() - 1);
      }
      setHeader(names, line);
      return true;
    }
    return false;
  }

  private void setHeader(List<String> names, long line) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.isBlank()) {
        throw InputFiles.invalid(
            file, line, "the header's column " + (i + 1) + " has no name; name every column", null);
      }
      Integer before = seen.putIfAbsent(name, i);
      if (before != null) {
        throw InputFiles.invalid(
            file,
            line,
            "the header names "
                + InputFiles.quoted(name)
                + " twice (columns "
                + (before + 1)
                + " and "
                + (i + 1)
                + "); every column needs its own name",
            null);
      }
    }
    header = names.toArray(new String[0]);
    headerBytes = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      int bytes = InputRecord.jsonStringBytes(header[i]);
      headerBytes[i] = bytes + 1;
      if (InputRecord.isPlain(header[i], bytes)) {
        plainNames |= InputRecord.plainBit(i);
      }
    }
  }

  /**
   * The line (1-based) of the byte at {@code offset} of the stream {@link InputFiles#openStream}
   * gives (after a BOM): one more than the line breaks before it, CR LF, CR or LF each counting as
   * one, as the parser counts them. Reads the file again, so only for an error.
   */
  private long lineOf(long offset) {
    long line = 1;
    try (InputStream in = InputFiles.openStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      long position = 0;
      boolean afterCarriageReturn = false;
      int n;
      while (position < offset && (n = in.read(buffer)) > 0) {
        int end = (int) Math.min(n, offset - position);
        for (int i = 0; i < end; i++) {
          byte b = buffer[i];
          if (b == '\n') {
            if (!afterCarriageReturn) {
              line++;
            }
            afterCarriageReturn = false;
          } else {
            afterCarriageReturn = b == '\r';
            if (afterCarriageReturn) {
              line++;
            }
          }
        }
        position += n;
      }
    } catch (IOException | RuntimeException e) {
      return nextRowLine; // the row being read is the best the parser knows
    }
    return line;
  }

  /** Jackson's messages quote the offending value; ours say what is wrong without it. */
  static String describe(String jacksonMessage) {
    String message = jacksonMessage == null ? "" : jacksonMessage;
    if (message.startsWith("Missing closing quote")) {
      return "a quoted field is never closed (RFC 4180 quoting)";
    }
    if (message.startsWith("Unexpected character")) {
      return "a closing quote is followed by something other than a comma or the end of the line"
          + " (RFC 4180 quoting)";
    }
    return "not valid CSV";
  }

  @Override
  public void close() {
    InputFiles.closeQuietly(parser);
  }
}
