package io.customauth.runner.imports.upload;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.UploadTarget;
import java.util.Locale;

/**
 * The connector's upload settings as an import records them in its journal. The URL is not kept: it
 * is a connector value, and a resume takes it from the connector file again.
 */
public record UploadSettings(
    String method, PayloadFormat format, int batchSize, int concurrency, int maxAttempts) {
  public UploadSettings {
    requireNonNull(method, "method");
    requireNonNull(format, "format");
    if (batchSize < 1 || concurrency < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException(
          "batchSize, concurrency and maxAttempts must be at least 1");
    }
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
        target.maxAttempts());
  }
}
