package io.customauth.runner.imports.input;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * What an input file was when the import started, so that a resume can tell it is unchanged: the
 * batches it skips must hold the very records that were acknowledged.
 *
 * @param path the absolute path
 * @param size in bytes
 * @param digest the file's bytes summed up, naming its algorithm ({@link ContentDigest}): {@code
 *     crc32c:} and 8 hex digits for a new import, {@code sha256:} and 64 in a journal of an earlier
 *     format
 * @param lines the number of lines, estimated from the file's first {@value #SAMPLE_BYTES} bytes
 *     (exact for a file that short): only to estimate the number of records for progress
 */
public record InputFileFingerprint(String path, long size, String digest, long lines) {
  public InputFileFingerprint {
    requireNonNull(path, "path");
    requireNonNull(digest, "digest");
  }

  /** How much of a file is scanned for line breaks to estimate its lines. */
  static final int SAMPLE_BYTES = 256 * 1024;

  /**
   * Reads {@code file} once, streaming. Only its beginning is scanned for line breaks: counting
   * them in a whole large file took longer than hashing it, for a number that only feeds an ETA.
   */
  public static InputFileFingerprint of(Path file) {
    return of(file, ContentDigest.CURRENT);
  }

  /** {@link #of(Path)} with the given algorithm: the one a resumed import's journal recorded. */
  public static InputFileFingerprint of(Path file, ContentDigest algorithm) {
    return of(file, algorithm, () -> false);
  }

  /**
   * {@link #of(Path, ContentDigest)}, checking {@code stopped} before each chunk it reads.
   *
   * @throws java.util.concurrent.CancellationException when {@code stopped} became true
   */
  static InputFileFingerprint of(Path file, ContentDigest algorithm, BooleanSupplier stopped) {
    Path absolute = file.toAbsolutePath().normalize();
    ContentDigest.Running digest = algorithm.start();
    long size = 0;
    long sampledLines = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(absolute)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (stopped.getAsBoolean()) {
          throw new CancellationException("stopped while reading " + file);
        }
        digest.update(buffer, 0, n);
        int sampled = (int) Math.max(0, Math.min(n, SAMPLE_BYTES - size));
        for (int i = 0; i < sampled; i++) {
          if (buffer[i] == '\n') {
            sampledLines++;
          }
        }
        size += n;
      }
    } catch (IOException e) {
      throw InputFiles.unreadable(file, e);
    }
    long lines =
        size <= SAMPLE_BYTES
            ? sampledLines
            : Math.round(sampledLines * ((double) size / SAMPLE_BYTES));
    return new InputFileFingerprint(absolute.toString(), size, digest.finish(), lines);
  }

  /**
   * The file's last-modified time, read before it is fingerprinted: with the size, how an import
   * sees the file change while it reads it.
   *
   * @throws io.customauth.runner.imports.ImportException {@code INPUT_UNREADABLE} as {@link #of}
   */
  public static FileTime lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw InputFiles.unreadable(file, e);
    }
  }

  /**
   * Whether {@code other} describes the same bytes: same size and same digest, of the same
   * algorithm (compare a file's fingerprint made with {@link #algorithm()} of the recorded one).
   */
  public boolean sameContent(InputFileFingerprint other) {
    return size == other.size && digest.equals(other.digest);
  }

  /**
   * The algorithm of {@link #digest()}.
   *
   * @throws IllegalArgumentException when it names none we know
   */
  public ContentDigest algorithm() {
    return ContentDigest.of(digest);
  }
}
