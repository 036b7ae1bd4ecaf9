package io.customauth.runner.imports.input;

import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The kinds of input file an import reads, chosen by the file name's extension. */
public enum InputFormat {
  CSV,
  NDJSON,
  JSON;

  /** The format for {@code file}'s extension, or empty when it is not one we read. */
  public static Optional<InputFormat> forFile(Path file) {
    Path name = file.getFileName();
    String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
      return Optional.of(NDJSON);
    }
    if (lower.endsWith(".json")) {
      return Optional.of(JSON);
    }
    return Optional.empty();
  }

  /** The record bound of {@link #open(Path)}: the default {@code upload.maxBatchBytes}. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;

  /** {@link #open(Path, int)} with records of at most {@value #DEFAULT_MAX_RECORD_BYTES} bytes. */
  public static RecordReader open(Path file) {
    return open(file, DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * Opens a streaming reader of {@code file}, whose memory is bounded by {@code maxRecordBytes}.
   *
   * @param maxRecordBytes the largest record, in bytes of its JSON, that the reader returns; a
   *     larger one is {@code INPUT_INVALID} naming its line, found without reading it whole
   * @throws ImportException when the file cannot be opened or its extension is unknown
   */
  public static RecordReader open(Path file, int maxRecordBytes) {
    if (maxRecordBytes < 2) {
      throw new IllegalArgumentException("maxRecordBytes must be at least 2");
    }
    InputFormat format =
        forFile(file)
            .orElseThrow(
                () ->
                    new ImportException(
                        ImportErrorCode.INPUT_INVALID,
                        file
                            + ": unknown input format; name the file .csv, .ndjson, .jsonl or"
                            + " .json"));
    return switch (format) {
      case CSV -> new CsvRecordReader(file, maxRecordBytes);
      case NDJSON -> new NdjsonRecordReader(file, maxRecordBytes);
      case JSON -> new JsonArrayRecordReader(file, maxRecordBytes);
    };
  }
}
