package io.customauth.runner.imports.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly, and hands out every character before a malformed byte before it reports
 * it: a parser then reads each good record ahead of the bad one, and the failure surfaces at the
 * record that holds it. (The JDK's {@code InputStreamReader} and Jackson's decoder drop the
 * characters of the chunk they were decoding.) Not thread-safe.
 */
final class StrictUtf8Reader extends Reader {
  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
  private boolean endOfInput;
  private boolean flushed;
  private CharacterCodingException pending;

  StrictUtf8Reader(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (pending != null) {
      throw pending;
    }
    CharBuffer out = CharBuffer.wrap(buffer, offset, length);
    while (true) {
      CoderResult result = decoder.decode(bytes, out, endOfInput);
      if (result.isError()) {
        pending = new CharacterCodingException();
        if (out.position() > offset) {
          return out.position() - offset;
        }
        throw pending;
      }
      if (result.isOverflow() || out.position() > offset) {
        return out.position() - offset;
      }
      if (endOfInput) {
        if (!flushed) {
          flushed = true;
          decoder.flush(out);
          if (out.position() > offset) {
            return out.position() - offset;
          }
        }
        return -1;
      }
      bytes.compact();
      int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n < 0) {
        endOfInput = true;
      } else {
        bytes.position(bytes.position() + n);
      }
      bytes.flip();
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
