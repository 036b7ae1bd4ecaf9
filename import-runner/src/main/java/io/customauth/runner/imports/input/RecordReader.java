package io.customauth.runner.imports.input;

import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import java.io.Closeable;
import java.util.Optional;

/**
 * Streams the records of one input file, one at a time, so that memory does not grow with the
 * file's size. Not thread-safe.
 */
public interface RecordReader extends Closeable {
  /**
   * The next record, or empty at the end of the file.
   *
   * @throws ImportException with {@link ImportErrorCode#INPUT_INVALID} naming the file and the line
   *     when the record is malformed; the reader must not be used after that
   */
  Optional<InputRecord> next();

  @Override
  void close();
}
