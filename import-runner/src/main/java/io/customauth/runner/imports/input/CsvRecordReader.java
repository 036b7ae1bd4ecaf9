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
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a CSV file with a header row (RFC 4180 quoting) through Jackson's streaming CSV parser.
 * Each row becomes an object whose keys are the header names and whose values are strings. A row
 * with more fields than the header is an error; a shorter row simply lacks the missing keys. The
 * header's names must be non-empty and distinct. A file without a header (empty, or blank lines
 * only) holds no records, like a file with only a header.
 */
final class CsvRecordReader implements RecordReader {
  private static final CsvMapper CSV =
      CsvMapper.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
  private static final int DECODE_BUFFER = 16 * 1024;
  private static final Pattern TOO_MANY = Pattern.compile("expected at most (\\d+)");

  private final Path file;
  private final int maxRecordBytes;
  private final CsvParser parser;
  private boolean started;

  /**
   * The header's names as far as rows have shown them. Rows share this array; it is replaced, never
   * changed, when a row is the first to reach a further column.
   */
  private String[] header = new String[0];

  /** {@code headerBytes[i]}: the bytes of {@code header[i]} as a JSON string, and its colon. */
  private int[] headerBytes = new int[0];

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
    parser.setSchema(CsvSchema.emptySchema().withHeader());
  }

  @Override
  public Optional<InputRecord> next() {
    if (failed) {
      throw new IllegalStateException("the reader already failed");
    }
    try {
      JsonToken token;
      if (started) {
        token = parser.nextToken();
      } else {
        started = true;
        token = first();
      }
      if (token == null) {
        return Optional.empty();
      }
      if (token != JsonToken.START_OBJECT) {
        throw new IllegalStateException("the CSV parser produced " + token + " between rows");
      }
      nextRowLine = Math.max(nextRowLine, parser.currentLocation().getLineNr());
      // Only parsing happens here, on the one reading thread; the row becomes JSON on an upload
      // thread (see InputRecord).
      // As long as the header, so that a full row's array is the record's as it is.
      String[] values = new String[header.length == 0 ? 8 : header.length];
      int count = 0;
      long line = nextRowLine;
      int size = 1;
      long plainFields = 0;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        if (count == 0) {
          // The first field's position is the row's true first line (blank lines are skipped).
          line = parser.currentTokenLocation().getLineNr();
          nextRowLine = line;
        }
        if (count == header.length) {
          header = Arrays.copyOf(header, count + 1);
          header[count] = parser.currentName();
          headerBytes = Arrays.copyOf(headerBytes, count + 1);
          headerBytes[count] = InputRecord.jsonStringBytes(header[count]) + 1;
        }
        if (count == values.length) {
          values = Arrays.copyOf(values, count * 2);
        }
        parser.nextToken();
        String value = parser.getText();
        int valueBytes = InputRecord.jsonStringBytes(value);
        size += headerBytes[count] + valueBytes + 1;
        if (InputRecord.isPlain(value, valueBytes)
            && InputRecord.isPlain(header[count], headerBytes[count] - 1)) {
          plainFields |= InputRecord.plainBit(count);
        }
        if (size > maxRecordBytes) {
          throw InputFiles.tooLarge(file, line, maxRecordBytes);
        }
        values[count++] = value;
      }
      nextRowLine = parser.currentLocation().getLineNr();
      return Optional.of(
          InputRecord.csvRow(
              line,
              header,
              count == values.length ? values : Arrays.copyOf(values, count),
              count == 0 ? 2 : size,
              plainFields));
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

  /** The first row's first token, after the header is checked; null for a file without a header. */
  private JsonToken first() throws IOException {
    JsonToken token;
    try {
      token = parser.nextToken();
    } catch (JsonProcessingException e) {
      if (String.valueOf(e.getOriginalMessage()).startsWith("Empty header line")) {
        return null;
      }
      throw e;
    }
    CsvSchema schema = parser.getSchema();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < schema.size(); i++) {
      String name = schema.columnName(i);
      if (name.isBlank()) {
        throw InputFiles.invalid(
            file, 1, "the header's column " + (i + 1) + " has no name; name every column", null);
      }
      Integer before = seen.putIfAbsent(name, i);
      if (before != null) {
        throw InputFiles.invalid(
            file,
            1,
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
    return token;
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
    if (message.startsWith("Too many entries")) {
      Matcher matcher = TOO_MANY.matcher(message);
      String columns = matcher.find() ? " (" + matcher.group(1) + " columns)" : "";
      return "the row has more fields than the header" + columns;
    }
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
