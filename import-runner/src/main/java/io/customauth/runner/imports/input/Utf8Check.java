package io.customauth.runner.imports.input;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 as RFC 3629 defines it, checked over a record's bytes: Jackson's byte parser lets
 * encoded surrogates, overlong forms and code points above U+10FFFF through, and a JSON record is
 * forwarded as its own bytes, so the readers check each record here before it leaves them; a CSV
 * file's bytes are checked here as they are read ({@link StrictUtf8InputStream}). ASCII is skipped
 * eight bytes at a time; only bytes of 0x80 or above are decoded.
 */
final class Utf8Check {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8Check() {}

  /**
   * The index of the first byte in {@code bytes[from..to)} that starts a sequence which is not
   * valid UTF-8 (truncated, overlong, a surrogate, beyond U+10FFFF, a stray continuation byte or a
   * byte UTF-8 never uses), or -1 if all of it is valid.
   */
  static int firstInvalid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      // Back to eight bytes at a time after every multi-byte sequence: text in most languages is
      // mostly ASCII, with a letter beyond it here and there.
      while (i + 8 <= to && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
        i += 8;
      }
      while (i < to && bytes[i] >= 0) {
        i++;
      }
      if (i == to) {
        break;
      }
      int n = sequenceLength(bytes, i, to);
      if (n < 0) {
        return i;
      }
      i += n;
    }
    return -1;
  }

  /**
   * Whether {@code bytes[i..to)} is the start of a valid sequence that {@code to} cuts short: more
   * bytes may complete it. False for a sequence that is invalid whatever follows.
   */
  static boolean isTruncated(byte[] bytes, int i, int to) {
    int b0 = bytes[i] & 0xFF;
    int length;
    int low = 0x80;
    int high = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      length = 3;
      low = b0 == 0xE0 ? 0xA0 : 0x80;
      high = b0 == 0xED ? 0x9F : 0xBF;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      length = 4;
      low = b0 == 0xF0 ? 0x90 : 0x80;
      high = b0 == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    if (to - i >= length) {
      return false;
    }
    for (int j = i + 1; j < to; j++) {
      if (!continuation(bytes, j, to, j == i + 1 ? low : 0x80, j == i + 1 ? high : 0xBF)) {
        return false;
      }
    }
    return true;
  }

  /** The length of the valid sequence starting at {@code i} with a byte of 0x80 or above, or -1. */
  private static int sequenceLength(byte[] bytes, int i, int to) {
    int b0 = bytes[i] & 0xFF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      return continuation(bytes, i + 1, to, 0x80, 0xBF) ? 2 : -1;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
      // E0 needs A0..BF (no overlong forms); ED needs 80..9F (no surrogates).
      int low = b0 == 0xE0 ? 0xA0 : 0x80;
      int high = b0 == 0xED ? 0x9F : 0xBF;
      return continuation(bytes, i + 1, to, low, high) && continuation(bytes, i + 2, to, 0x80, 0xBF)
          ? 3
          : -1;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
      // F0 needs 90..BF (no overlong forms); F4 needs 80..8F (nothing above U+10FFFF).
      int low = b0 == 0xF0 ? 0x90 : 0x80;
      int high = b0 == 0xF4 ? 0x8F : 0xBF;
      return continuation(bytes, i + 1, to, low, high)
              && continuation(bytes, i + 2, to, 0x80, 0xBF)
              && continuation(bytes, i + 3, to, 0x80, 0xBF)
          ? 4
          : -1;
    }
    // 80..BF alone, C0 and C1 (always overlong), F5..FF (never used).
    return -1;
  }

  private static boolean continuation(byte[] bytes, int i, int to, int low, int high) {
    if (i >= to) {
      return false;
    }
    int b = bytes[i] & 0xFF;
    return b >= low && b <= high;
  }
}
