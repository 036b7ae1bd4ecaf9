package io.customauth.runner.imports.input;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * What an input file was when the import started, so that a resume can tell it is unchanged: the
 * batches it skips must hold the very records that were acknowledged.
 *
 * @param path the absolute path
 * @param size in bytes
 * @param sha256 hex SHA-256 of the file's bytes
 * @param lines the number of lines, estimated from the file's first {@value #SAMPLE_BYTES} bytes
 *     (exact for a file that short): only to estimate the number of records for progress
 */
public record InputFileFingerprint(String path, long size, String sha256, long lines) {
  public InputFileFingerprint {
    requireNonNull(path, "path");
    requireNonNull(sha256, "sha256");
  }

  /** How much of a file is scanned for line breaks to estimate its lines. */
  static final int SAMPLE_BYTES = 256 * 1024;

  /**
   * Reads {@code file} once, streaming. Only its beginning is scanned for line breaks: counting
   * them in a whole large file took longer than hashing it, for a number that only feeds an ETA.
   */
  public static InputFileFingerprint of(Path file) {
    return of(file, () -> false);
  }

  /**
   * {@link #of(Path)}, checking {@code stopped} before each chunk it reads.
   *
   * @throws java.util.concurrent.CancellationException when {@code stopped} became true
   */
  static InputFileFingerprint of(Path file, BooleanSupplier stopped) {
    Path absolute = file.toAbsolutePath().normalize();
    MessageDigest digest = newSha256();
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
    return new InputFileFingerprint(
        absolute.toString(), size, HexFormat.of().formatHex(digest.digest()), lines);
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

  /** Whether {@code other} describes the same bytes. */
  public boolean sameContent(InputFileFingerprint other) {
    return size == other.size && sha256.equals(other.sha256);
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
