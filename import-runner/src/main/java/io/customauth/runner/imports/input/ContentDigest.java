package io.customauth.runner.imports.input;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * How an input file's bytes are summed up in its {@link InputFileFingerprint}, so that a resume can
 * tell the file is the one whose batches the journal acknowledged. A digest names its algorithm:
 * {@code crc32c:} and 8 lowercase hex digits, or {@code sha256:} and 64.
 */
public enum ContentDigest {
  /**
   * CRC-32C (the Castagnoli polynomial, RFC 3720 section 12.1, as Google Cloud Storage uses to
   * check objects), what new imports record. It catches every change of a run of up to 32 bits and
   * misses a random change with odds of 1 in 2^32, while the size must match too: enough to tell an
   * edited, cut or replaced file, which is what a resume guards against. It is no defence against a
   * forged file, and needs none: whoever can rewrite the input can start any import. The JDK
   * computes it with the CPU's CRC32 instruction, in the interpreter as well: 0.13 s for 820 MB
   * where SHA-256 took 0.6 s in a warm JVM and 1.2 s in one just started, CPU that a 2-core machine
   * otherwise gives the upload (BENCHMARKS.md).
   */
  CRC32C("crc32c", 8),

  /**
   * SHA-256 (FIPS 180-4), what journals of format versions 1 and 2 record: still checked when an
   * import they hold is resumed.
   */
  SHA256("sha256", 64);

  private final String label;
  private final int hexDigits;

  ContentDigest(String label, int hexDigits) {
    this.label = label;
    this.hexDigits = hexDigits;
  }

  /** The algorithm new fingerprints use. */
  public static final ContentDigest CURRENT = CRC32C;

  /** The name a digest starts with, before its {@code ':'}. */
  public String label() {
    return label;
  }

  /**
   * The algorithm {@code digest} names.
   *
   * @throws IllegalArgumentException when it names none of these (a journal from a newer runner, or
   *     damaged)
   */
  public static ContentDigest of(String digest) {
    int colon = digest.indexOf(':');
    String label = colon < 0 ? digest : digest.substring(0, colon);
    for (ContentDigest algorithm : values()) {
      if (algorithm.label.equals(label)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException("unknown content digest: " + label);
  }

  /**
   * The algorithm of {@code digest}, once its form is checked: a known label, {@code ':'}, and as
   * many lowercase hex digits as the algorithm gives.
   *
   * @throws IllegalArgumentException naming what is wrong, in words for a user (a damaged journal,
   *     or one of a newer runner)
   */
  public static ContentDigest checked(String digest) {
    ContentDigest algorithm;
    try {
      algorithm = of(digest);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          quoted(digest) + " names no algorithm this runner knows (crc32c, sha256)");
    }
    String hex = digest.substring(Math.min(digest.length(), algorithm.label.length() + 1));
    if (digest.indexOf(':') != algorithm.label.length()
        || hex.length() != algorithm.hexDigits
        || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException(
          quoted(digest)
              + " is not a "
              + algorithm.label
              + " digest ("
              + algorithm.label
              + ": and "
              + algorithm.hexDigits
              + " lowercase hex digits)");
    }
    return algorithm;
  }

  private static String quoted(String digest) {
    return "\"" + (digest.length() > 80 ? digest.substring(0, 80) + "…" : digest) + "\"";
  }

  /** A digest of this algorithm over bytes given in order; not thread-safe. */
  public interface Running {
    void update(byte[] bytes, int offset, int length);

    /** The digest, {@code label:hex}; call once, after the last update. */
    String finish();
  }

  /** A new running digest of this algorithm. */
  public Running start() {
    return switch (this) {
      case CRC32C -> {
        CRC32C crc = new CRC32C();
        yield new Running() {
          @Override
          public void update(byte[] bytes, int offset, int length) {
            crc.update(bytes, offset, length);
          }

          @Override
          public String finish() {
            return label + ":" + HexFormat.of().toHexDigits((int) crc.getValue());
          }
        };
      }
      case SHA256 -> {
        MessageDigest sha256 = newSha256();
        yield new Running() {
          @Override
          public void update(byte[] bytes, int offset, int length) {
            sha256.update(bytes, offset, length);
          }

          @Override
          public String finish() {
            return label + ":" + HexFormat.of().formatHex(sha256.digest());
          }
        };
      }
    };
  }

  /** A new SHA-256 digest (every JDK has one). */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
