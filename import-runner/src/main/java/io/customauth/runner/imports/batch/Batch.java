package io.customauth.runner.imports.batch;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.input.InputRecord;
import io.customauth.runner.imports.upload.PayloadFormat;
import java.util.List;

/**
 * Records of one input file sent in one request. Batches never span files, and a file is cut into
 * batches the same way every time (see {@link Batcher}), so {@code (fileIndex, index)} names the
 * same records on every run of the same import.
 *
 * @param fileIndex position of the file in the import's file list (0-based)
 * @param file the file as the user named it, for messages
 * @param index position of the batch within its file (0-based)
 * @param records at least one record
 */
public record Batch(int fileIndex, String file, long index, List<InputRecord> records) {
  public Batch {
    requireNonNull(file, "file");
    records = List.copyOf(records);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a batch holds at least one record");
    }
  }

  /** The idempotency key: the same for this batch on every retry and every resume. */
  public String idempotencyKey(String importId) {
    return importId + "-" + fileIndex + "-" + index;
  }

  /** The bytes of the records' JSON, in all; the body adds 1 byte per record and 1 more at most. */
  public long recordBytes() {
    long bytes = 0;
    for (InputRecord record : records) {
      bytes += record.size();
    }
    return bytes;
  }

  /** The exact length in bytes of this batch's request body in {@code format}. */
  public long bodyBytes(PayloadFormat format) {
    return format.bodyBytes(recordBytes(), records.size());
  }

  public long firstLine() {
    return records.get(0).line();
  }

  public long lastLine() {
    return records.get(records.size() - 1).line();
  }

  /** For messages: {@code batch 3 of data.csv (lines 1502-2001)}. */
  public String describe() {
    return "batch " + index + " of " + file + " (lines " + firstLine() + "-" + lastLine() + ")";
  }

  @Override
  public String toString() {
    return "Batch[" + describe() + ", records=" + records.size() + "]";
  }
}
