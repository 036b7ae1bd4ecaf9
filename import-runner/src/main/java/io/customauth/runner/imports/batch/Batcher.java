package io.customauth.runner.imports.batch;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.input.InputRecord;
import io.customauth.runner.imports.input.RecordReader;
import io.customauth.runner.imports.upload.PayloadFormat;
import io.customauth.runner.imports.upload.UploadSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts one input file's records into batches, in file order: a batch closes at {@code batchSize}
 * records, or before the record that would make its body pass {@code maxBatchBytes}. The cut
 * depends only on the records and those settings (and the body format, which decides the bytes
 * between records), so the same input always gives the same batches, and an idempotency key names
 * the same records on every retry and resume. Batches never span files; their index counts from 0
 * per file.
 *
 * <p>Holds at most one batch and one record. Not thread-safe; it does not close the reader.
 */
public final class Batcher {
  /**
   * The version of how records are read and cut into batches. A journal records it: batches cut by
   * another version may cover other records under the same keys. 1: records re-serialised, batches
   * by count only. 2: records as written, batches closed by count or bytes, duplicate keys refused.
   */
  public static final int VERSION = 2;

  private final RecordReader reader;
  private final int fileIndex;
  private final String file;
  private final int batchSize;
  private final int maxBatchBytes;
  private final PayloadFormat format;
  private long index;
  private InputRecord carried;
  private boolean done;

  /**
   * @param reader the file's records; read up to one record beyond the batch it returns
   * @param fileIndex the file's position in the import (0-based)
   * @param file the file as the user named it, for batches and messages
   * @param settings batch size, byte limit and body format
   */
  public Batcher(RecordReader reader, int fileIndex, String file, UploadSettings settings) {
    this.reader = requireNonNull(reader, "reader");
    this.fileIndex = fileIndex;
    this.file = requireNonNull(file, "file");
    this.batchSize = settings.batchSize();
    this.maxBatchBytes = settings.maxBatchBytes();
    this.format = settings.format();
  }

  /**
   * The next batch, or empty after the file's last record.
   *
   * @throws ImportException {@code INPUT_INVALID} for a malformed record, or one whose body alone
   *     would pass {@code maxBatchBytes}, naming its file and line; the batcher must not be used
   *     after that
   */
  public Optional<Batch> next() {
    if (done) {
      return Optional.empty();
    }
    List<InputRecord> records = new ArrayList<>(Math.min(batchSize, 1024));
    long bytes = 0;
    while (records.size() < batchSize) {
      InputRecord record = carried != null ? carried : reader.next().orElse(null);
      carried = null;
      if (record == null) {
        done = true;
        break;
      }
      if (format.bodyBytes(record.size(), 1) > maxBatchBytes) {
        done = true;
        throw new ImportException(
            ImportErrorCode.INPUT_INVALID,
            file
                + ": line "
                + record.line()
                + ": the record is larger than "
                + (maxBatchBytes - format.bodyBytes(0, 1))
                + " bytes, the most a request of upload.maxBatchBytes ("
                + maxBatchBytes
                + ") can carry; raise upload.maxBatchBytes or split the record");
      }
      if (!records.isEmpty()
          && format.bodyBytes(bytes + record.size(), records.size() + 1) > maxBatchBytes) {
        carried = record;
        break;
      }
      records.add(record);
      bytes += record.size();
    }
    if (records.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Batch(fileIndex, file, index++, records));
  }
}
