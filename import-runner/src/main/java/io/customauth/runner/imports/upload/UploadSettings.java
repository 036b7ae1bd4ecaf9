package io.customauth.runner.imports.upload;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.UploadTarget;
import java.util.Locale;
import java.util.Set;

/**
 * The connector's upload settings as an import records them in its journal. The URL is not kept: it
 * is a connector value, and a resume takes it from the connector file again. {@code format}, {@code
 * batchSize} and {@code maxBatchBytes} decide how files are cut into batches, so what each
 * idempotency key covers: a resume takes them from the journal.
 *
 * @param maxBatchBytes the most bytes a request body may have, at least {@value #MIN_BATCH_BYTES}
 * @param reauthenticateOn the statuses that mean the token was rejected; not journaled: a resume
 *     takes them from the connector file, like {@code method}
 */
public record UploadSettings(
    String method,
    PayloadFormat format,
    int batchSize,
    int concurrency,
    int maxAttempts,
    int maxBatchBytes,
    Set<Integer> reauthenticateOn) {
  /** The smallest body limit that still fits a small record. */
  public static final int MIN_BATCH_BYTES = 16;

  public UploadSettings {
    requireNonNull(method, "method");
    requireNonNull(format, "format");
    if (batchSize < 1 || concurrency < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException(
          "batchSize, concurrency and maxAttempts must be at least 1");
    }
    if (maxBatchBytes < MIN_BATCH_BYTES) {
      throw new IllegalArgumentException("maxBatchBytes must be at least " + MIN_BATCH_BYTES);
    }
    reauthenticateOn = Set.copyOf(requireNonNull(reauthenticateOn, "reauthenticateOn"));
  }

  /** Settings with the default {@code reauthenticateOn} of {@link UploadTarget}. */
  public UploadSettings(
      String method,
      PayloadFormat format,
      int batchSize,
      int concurrency,
      int maxAttempts,
      int maxBatchBytes) {
    this(
        method,
        format,
        batchSize,
        concurrency,
        maxAttempts,
        maxBatchBytes,
        Set.copyOf(UploadTarget.DEFAULT_REAUTHENTICATE_ON));
  }

  /** Settings with the default {@code maxBatchBytes} of {@link UploadTarget}. */
  public UploadSettings(
      String method, PayloadFormat format, int batchSize, int concurrency, int maxAttempts) {
    this(method, format, batchSize, concurrency, maxAttempts, UploadTarget.DEFAULT_MAX_BATCH_BYTES);
  }

  /** The largest record, in bytes of its JSON, that a body of {@code maxBatchBytes} can carry. */
  public int maxRecordBytes() {
    return (int) (maxBatchBytes - format.bodyBytes(0, 1));
  }

  /**
   * @throws IllegalArgumentException when the method or format is not one we support
   */
  public static UploadSettings of(UploadTarget target) {
    String method = target.method().toUpperCase(Locale.ROOT);
    if (!method.equals("POST") && !method.equals("PUT")) {
      throw new IllegalArgumentException("upload method must be POST or PUT");
    }
    return new UploadSettings(
        method,
        PayloadFormat.named(target.format()),
        target.batchSize(),
        target.concurrency(),
        target.maxAttempts(),
        target.maxBatchBytes(),
        Set.copyOf(target.reauthenticateOn()));
  }
}
