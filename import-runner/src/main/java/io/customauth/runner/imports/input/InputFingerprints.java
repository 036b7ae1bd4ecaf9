package io.customauth.runner.imports.input;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The input files' last-modified times and fingerprints ({@link InputFileFingerprint}), read on one
 * background thread from the moment an import is asked for, so that reading every byte of the input
 * overlaps the plugin's start-up and the token call instead of delaying the first upload.
 *
 * <p>Files are read in the order given, each once; reading stops at the first file that fails
 * (whose failure {@link #read} rethrows as it would have been thrown in the caller's thread) and at
 * {@link #close}. A file not given, or asked for after {@code close}, is read in the caller's
 * thread. Thread-safe.
 */
public final class InputFingerprints implements AutoCloseable {
  /** A file's last-modified time, read just before its fingerprint. */
  public record Read(FileTime modified, InputFileFingerprint fingerprint) {
    public Read {
      requireNonNull(modified, "modified");
      requireNonNull(fingerprint, "fingerprint");
    }
  }

  private final Map<Path, CompletableFuture<Read>> reads = new LinkedHashMap<>();
  private volatile ContentDigest aheadAlgorithm = ContentDigest.CURRENT;
  private final AtomicBoolean closed = new AtomicBoolean();

  private InputFingerprints() {}

  /** Reads nothing ahead: every {@link #read} reads its file then, in the caller's thread. */
  public static InputFingerprints onDemand() {
    return new InputFingerprints();
  }

  /** Starts reading {@code files} on a daemon thread, in order. */
  public static InputFingerprints inBackground(List<Path> files) {
    InputFingerprints fingerprints = new InputFingerprints();
    fingerprints.readAhead(files, ContentDigest.CURRENT);
    return fingerprints;
  }

  /**
   * Starts reading {@code files} on a daemon thread, in order: once, by the thread that later calls
   * {@link #read}, on an instance made by {@link #onDemand()} (a resume learns its files from the
   * journal after the command started, with the algorithm it recorded).
   *
   * @throws IllegalStateException when this instance already reads ahead
   */
  public void readAhead(List<Path> files, ContentDigest algorithm) {
    requireNonNull(algorithm, "algorithm");
    if (!reads.isEmpty()) {
      throw new IllegalStateException("already reading ahead");
    }
    aheadAlgorithm = algorithm;
    for (Path file : files) {
      reads.putIfAbsent(file, new CompletableFuture<>());
    }
    Thread reader = new Thread(this::readAll, "import-input-fingerprints");
    reader.setDaemon(true);
    reader.start();
  }

  private void readAll() {
    for (Map.Entry<Path, CompletableFuture<Read>> entry : reads.entrySet()) {
      CompletableFuture<Read> result = entry.getValue();
      try {
        result.complete(readNow(entry.getKey(), aheadAlgorithm, closed::get));
      } catch (Throwable e) {
        result.completeExceptionally(e);
        break; // the import stops at this file; the rest would be read for nothing
      }
    }
    reads.values().forEach(result -> result.cancel(false)); // left unread: read by the caller
  }

  private static Read readNow(Path file, ContentDigest algorithm, BooleanSupplier stopped) {
    FileTime modified = InputFileFingerprint.lastModified(file);
    return new Read(modified, InputFileFingerprint.of(file, algorithm, stopped));
  }

  /**
   * {@code file}'s last-modified time and fingerprint, waiting for the background read when it was
   * given and not cancelled.
   *
   * @throws io.customauth.runner.imports.ImportException {@code INPUT_UNREADABLE}, as {@link
   *     InputFileFingerprint#of}
   */
  public Read read(Path file) {
    return read(file, ContentDigest.CURRENT);
  }

  /**
   * {@link #read(Path)} with a digest of {@code algorithm}: the background read's, when it read
   * {@code file} with that algorithm, else read here.
   */
  public Read read(Path file, ContentDigest algorithm) {
    CompletableFuture<Read> result = algorithm == aheadAlgorithm ? reads.get(file) : null;
    if (result != null) {
      try {
        return result.join();
      } catch (CancellationException e) {
        // closed before the background thread reached it: read it here
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException unchecked
            && !(unchecked instanceof CancellationException)) {
          throw unchecked;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
      }
    }
    return readNow(file, algorithm, () -> false);
  }

  /** Stops the background reading at its next chunk; a {@link #read} after it reads itself. */
  @Override
  public void close() {
    closed.set(true);
  }
}
