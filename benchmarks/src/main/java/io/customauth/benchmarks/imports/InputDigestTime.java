package io.customauth.benchmarks.imports;

import io.customauth.runner.imports.input.InputFileFingerprint;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The resume-safety pass every import makes before its first upload, alone: the same loop as the
 * runner's {@code InputFileFingerprint.of} (CRC-32C of the file's bytes and a newline count in its
 * first 256 KiB, 64 KiB reads), in a fresh JVM as in an import, so its JIT is as cold. Prints one
 * JSON object with the time the pass took inside the program; the caller times the whole process
 * from outside.
 *
 * <p>Usage: {@code InputDigestTime FILE}.
 */
public final class InputDigestTime {
  private InputDigestTime() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    long start = System.nanoTime();
    InputFileFingerprint fingerprint = InputFileFingerprint.of(file);
    long micros = (System.nanoTime() - start) / 1_000;
    System.out.printf(
        Locale.ROOT,
        "{\"bytes\":%d,\"lines\":%d,\"digest\":\"%s\",\"durationMs\":%.1f}%n",
        fingerprint.size(),
        fingerprint.lines(),
        fingerprint.digest(),
        micros / 1000.0);
  }
}
