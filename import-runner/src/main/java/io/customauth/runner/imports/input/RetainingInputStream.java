package io.customauth.runner.imports.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Keeps the bytes a parser reads, from a released offset on, so that a record can be cut out of the
 * input exactly as written. Offsets count the bytes read through this stream. Holds at most {@code
 * maxRetained} bytes: reading further without a release fails with {@link TooMuchRetained}, so a
 * single huge value cannot exhaust memory. Not thread-safe.
 */
final class RetainingInputStream extends InputStream {
  /** Thrown by {@link #read} when the bytes since the last release exceed the bound. */
  static final class TooMuchRetained extends IOException {
    TooMuchRetained() {
      super("more bytes than one record may have");
    }
  }

  private final InputStream in;
  private final long maxRetained;
  private byte[] kept = new byte[64 * 1024];

  /** The offset of {@code kept[0]}. */
  private long keptStart;

  private int keptLength;

  /** Bytes before this offset are no longer needed. */
  private long released;

  RetainingInputStream(InputStream in, long maxRetained) {
    this.in = in;
    this.maxRetained = maxRetained;
  }

  /** Bytes before {@code offset} may be dropped. */
  void release(long offset) {
    released = Math.max(released, offset);
  }

  /** A copy of the bytes from {@code from} (inclusive) to {@code to} (exclusive). */
  byte[] slice(long from, long to) {
    if (from < keptStart || to > keptStart + keptLength || from > to) {
      throw new IllegalStateException("bytes " + from + ".." + to + " are not retained");
    }
    return Arrays.copyOfRange(kept, (int) (from - keptStart), (int) (to - keptStart));
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (keptStart + keptLength - released > maxRetained) {
      throw new TooMuchRetained();
    }
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      keep(buffer, offset, n);
    }
    return n;
  }

  private void keep(byte[] bytes, int offset, int n) {
    if (keptLength + n > kept.length) {
      // Drop what was released first; grow only for what a record still needs.
      int drop = (int) Math.min(keptLength, Math.max(0, released - keptStart));
      System.arraycopy(kept, drop, kept, 0, keptLength - drop);
      keptLength -= drop;
      keptStart += drop;
      if (keptLength + n > kept.length) {
        kept = Arrays.copyOf(kept, Math.max(keptLength + n, kept.length * 2));
      }
    }
    System.arraycopy(bytes, offset, kept, keptLength, n);
    keptLength += n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
