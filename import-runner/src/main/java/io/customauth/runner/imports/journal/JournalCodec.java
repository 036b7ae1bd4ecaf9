package io.customauth.runner.imports.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The framing of a journal line: {@code <crc32 of the json as 8 lowercase hex digits> <json>\n}.
 * The checksum tells a whole line from one that a crash cut off or that something else damaged.
 *
 * <p>Stateless and thread-safe, except {@link LineReader}, which belongs to one reading thread.
 */
final class JournalCodec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CRC_DIGITS = 8;

  private JournalCodec() {}

  /** {@code node} as one framed line, newline included. */
  static byte[] encode(JsonNode node) {
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
    CRC32 crc = new CRC32();
    crc.update(json);
    String hex = Long.toHexString(crc.getValue());
    byte[] prefix =
        ("0".repeat(CRC_DIGITS - hex.length()) + hex + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[prefix.length + json.length + 1];
    System.arraycopy(prefix, 0, line, 0, prefix.length);
    System.arraycopy(json, 0, line, prefix.length, json.length);
    line[line.length - 1] = '\n';
    return line;
  }

  /**
   * The JSON of one line, or why the line cannot be trusted.
   *
   * @param line a line as {@link LineReader} returned it
   */
  static Decoded decode(Line line) {
    if (line.tooLong()) {
      return Decoded.damaged("it is longer than any journal line");
    }
    if (!line.terminated()) {
      return Decoded.damaged("it was cut off");
    }
    byte[] bytes = skipZeros(line.content());
    if (bytes.length < CRC_DIGITS + 2 || bytes[CRC_DIGITS] != ' ') {
      return Decoded.damaged("it has no checksum");
    }
    long expected;
    try {
      expected = Long.parseLong(new String(bytes, 0, CRC_DIGITS, StandardCharsets.US_ASCII), 16);
    } catch (NumberFormatException e) {
      return Decoded.damaged("it has no checksum");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, CRC_DIGITS + 1, bytes.length - CRC_DIGITS - 1);
    if (crc.getValue() != expected) {
      return Decoded.damaged("its checksum does not match");
    }
    try {
      JsonNode node = JSON.readTree(bytes, CRC_DIGITS + 1, bytes.length - CRC_DIGITS - 1);
      return node != null && node.isObject()
          ? new Decoded(node, null)
          : Decoded.damaged("it holds no JSON object");
    } catch (IOException e) {
      return Decoded.damaged("it holds no JSON object");
    }
  }

  /**
   * A crash can leave zeros where appended bytes never reached the disk, and they run into the next
   * line that did: dropping them lets that line be read.
   */
  private static byte[] skipZeros(byte[] bytes) {
    int start = 0;
    while (start < bytes.length && bytes[start] == 0) {
      start++;
    }
    return start == 0 ? bytes : Arrays.copyOfRange(bytes, start, bytes.length);
  }

  /** A decoded line: {@code node} when it can be trusted, else {@code problem} says why not. */
  record Decoded(JsonNode node, String problem) {
    static Decoded damaged(String problem) {
      return new Decoded(null, problem);
    }

    boolean ok() {
      return node != null;
    }
  }

  /**
   * One line of a journal file.
   *
   * @param number 1-based line number, for messages
   * @param end the file offset just past this line (past its newline when it has one)
   * @param content the line without its newline; empty when {@code tooLong}
   * @param terminated whether the line ends with a newline (a crash can cut the last one off)
   * @param tooLong the line was longer than the reader's limit and was skipped unread
   */
  record Line(long number, long end, byte[] content, boolean terminated, boolean tooLong) {}

  /**
   * Reads a journal line by line, holding at most one line of at most {@code maxLength} bytes in
   * memory; a longer line (garbage, say) is skipped to its newline and reported as {@code tooLong}.
   */
  static final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long offset;
    private long number;

    LineReader(InputStream in) {
      this.in = in;
    }

    /** The next line, or {@code null} at the end of the file. */
    Line next(int maxLength) throws IOException {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      long length = 0;
      while (true) {
        if (position == limit) {
          limit = in.read(buffer);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            return length == 0 ? null : line(content, length, maxLength, false);
          }
        }
        int newline = position;
        while (newline < limit && buffer[newline] != '\n') {
          newline++;
        }
        int chunk = newline - position;
        if (length + chunk <= maxLength) {
          content.write(buffer, position, chunk);
        }
        length += chunk;
        offset += chunk;
        position = newline;
        if (newline < limit) {
          position++;
          offset++;
          return line(content, length, maxLength, true);
        }
      }
    }

    private Line line(ByteArrayOutputStream content, long length, int maxLength, boolean ended) {
      number++;
      boolean tooLong = length > maxLength;
      return new Line(
          number, offset, tooLong ? new byte[0] : content.toByteArray(), ended, tooLong);
    }
  }
}
