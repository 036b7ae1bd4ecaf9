package io.customauth.runner.imports.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a CSV file with a header row (RFC 4180 quoting) through Jackson's streaming CSV parser.
 * Each row becomes an object whose keys are the header names and whose values are strings. A row
 * with more fields than the header is an error; a shorter row simply lacks the missing keys.
 */
final class CsvRecordReader implements RecordReader {
  private static final CsvMapper CSV =
      CsvMapper.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
  private static final Pattern TOO_MANY = Pattern.compile("expected at most (\\d+)");

  private final Path file;
  private final CsvParser parser;

  /**
   * The header's names as far as rows have shown them. Rows share this array; it is replaced, never
   * changed, when a row is the first to reach a further column.
   */
  private String[] header = new String[0];

  /** Where the next row starts, as far as the parser knows: the line to blame if it breaks. */
  private long nextRowLine = 1;

  private boolean failed;

  CsvRecordReader(Path file) {
    this.file = file;
    try {
      this.parser = CSV.getFactory().createParser(InputFiles.openStream(file));
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
      JsonToken token = parser.nextToken();
      if (token == null) {
        return Optional.empty();
      }
      if (token != JsonToken.START_OBJECT) {
        throw new IllegalStateException("the CSV parser produced " + token + " between rows");
      }
      nextRowLine = Math.max(nextRowLine, parser.currentLocation().getLineNr());
      // Only parsing happens here, on the one reading thread; the row becomes JSON on an upload
      // thread (see InputRecord).
      String[] values = new String[Math.max(header.length, 8)];
      int count = 0;
      long line = nextRowLine;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        if (count == 0) {
          // The first field's position is the row's true first line (blank lines are skipped).
          line = parser.currentTokenLocation().getLineNr();
          nextRowLine = line;
        }
        if (count == header.length) {
          header = Arrays.copyOf(header, count + 1);
          header[count] = parser.currentName();
        }
        if (count == values.length) {
          values = Arrays.copyOf(values, count * 2);
        }
        parser.nextToken();
        values[count++] = parser.getText();
      }
      nextRowLine = parser.currentLocation().getLineNr();
      return Optional.of(
          InputRecord.csvRow(
              line, header, count == values.length ? values : Arrays.copyOf(values, count)));
    } catch (JsonProcessingException e) {
      failed = true;
      throw new ImportException(
          ImportErrorCode.INPUT_INVALID,
          file + ": line " + nextRowLine + ": " + describe(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      failed = true;
      throw withLine(InputFiles.unreadable(file, e));
    }
  }

  private ImportException withLine(ImportException e) {
    return new ImportException(
        ImportErrorCode.valueOf(e.code()),
        e.getMessage() + " (at or after line " + nextRowLine + ")",
        e.getCause());
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
