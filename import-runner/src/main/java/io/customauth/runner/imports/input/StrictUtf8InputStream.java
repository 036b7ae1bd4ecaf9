package io.customauth.runner.imports.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.Objects;

/**
 * Passes a stream's bytes on only as far as they are strict UTF-8 (RFC 3629, as {@link Utf8Check}
 * checks it): every byte before the first invalid sequence is handed out first, and only the read
 * after them throws {@link NotUtf8}. A parser decoding the bytes then reads each good record ahead
 * of the bad one, and the failure surfaces at the record that holds it. A sequence cut by the end
 * of one read of the underlying stream is held back until the next read completes it, so a read
 * never ends inside a character; one cut by the end of the input is invalid. Checks 64 KiB at a
 * time, ASCII eight bytes at a time. Not thread-safe.
 */
final class StrictUtf8InputStream extends InputStream {
  /** The bytes from {@code offset} on (counted from the stream's start) are not UTF-8. */
  static final class NotUtf8 extends CharacterCodingException {
    private static final long serialVersionUID = 1L;
    private final long offset;

    NotUtf8(long offset) {
      this.offset = offset;
    }

    /** The offset of the first byte of the invalid sequence, counted from the stream's start. */
    long offset() {
      return offset;
    }

    @Override
    public String getMessage() {
      return "not valid UTF-8 at byte " + offset;
    }
  }

  private static final int BUFFER = 64 * 1024;

  private final InputStream in;
  private final byte[] buffer = new byte[BUFFER];

  /** The next byte to hand out. */
  private int position;

  /** The end of the checked bytes: {@code buffer[position..checked)} may be handed out. */
  private int checked;

  /** The end of the bytes read; {@code buffer[checked..end)} is a cut or an invalid sequence. */
  private int end;

  /** Whether {@code buffer[checked]} starts an invalid sequence. */
  private boolean invalid;

  private boolean endOfInput;

  /** The count of bytes before {@code buffer[0]}: where the invalid sequence is, for a message. */
  private long offset;

  StrictUtf8InputStream(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
  }

  @Override
  public int read() throws IOException {
    if (!ensureAvailable()) {
      return -1;
    }
    return buffer[position++] & 0xFF;
  }

  @Override
  public int read(byte[] bytes, int from, int length) throws IOException {
    Objects.checkFromIndexSize(from, length, bytes.length);
    if (length == 0) {
      return 0;
    }
    if (!ensureAvailable()) {
      return -1;
    }
    int n = Math.min(length, checked - position);
    System.arraycopy(buffer, position, bytes, from, n);
    position += n;
    return n;
  }

  /** Whether checked bytes are there to hand out: false at the end of valid input. */
  private boolean ensureAvailable() throws IOException {
    while (position == checked) {
      if (invalid) {
        throw new NotUtf8(offset + checked);
      }
      if (endOfInput) {
        if (end > checked) {
          // A sequence the input's end cuts short.
          invalid = true;
          continue;
        }
        return false;
      }
      fill();
    }
    return true;
  }

  /** Reads more bytes after the (at most three) held back, and checks them. */
  private void fill() throws IOException {
    int held = end - position;
    System.arraycopy(buffer, position, buffer, 0, held);
    offset += position;
    position = 0;
    checked = 0;
    end = held;
    int n = in.read(buffer, held, buffer.length - held);
    if (n < 0) {
      endOfInput = true;
      return;
    }
    end += n;
    int bad = Utf8Check.firstInvalid(buffer, 0, end);
    if (bad < 0) {
      checked = end;
    } else {
      checked = bad;
      invalid = !Utf8Check.isTruncated(buffer, bad, end);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
