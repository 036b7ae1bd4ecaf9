package io.customauth.benchmarks.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The resume-safety pass every import makes before its first upload, alone: the same loop as the
 * runner's {@code InputFileFingerprint.of} (SHA-256 of the file's bytes and a newline count, 64 KiB
 * reads), in a fresh JVM as in an import, so its JIT is as cold. Prints one JSON object with the
 * time the pass took inside the program; the caller times the whole process from outside.
 *
 * <p>Usage: {@code InputDigestTime FILE}.
 */
public final class InputDigestTime {
  private InputDigestTime() {}

  public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
    Path file = Path.of(args[0]);
    long start = System.nanoTime();
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long size = 0;
    long lines = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        size += n;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    String sha256 = HexFormat.of().formatHex(digest.digest());
    long micros = (System.nanoTime() - start) / 1_000;
    System.out.printf(
        Locale.ROOT,
        "{\"bytes\":%d,\"lines\":%d,\"sha256Prefix\":\"%s\",\"durationMs\":%.1f}%n",
        size,
        lines,
        sha256.substring(0, 8),
        micros / 1000.0);
  }
}
