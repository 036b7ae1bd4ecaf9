package io.customauth.runner.imports;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What an import reports while it runs, for progress display. Every method has a do-nothing
 * default. Called from the importing thread and from upload threads at once: implementations must
 * be thread-safe and must not block for long. No event carries a token or a record's content.
 */
public interface ImportProgress {
  ImportProgress NONE = new ImportProgress() {};

  /**
   * The import has its id and its journal: from now on it can be resumed. Called before anything is
   * sent; the CLI prints the id here.
   *
   * @param estimatedRecords a guess at the number of records from the files' line counts; empty
   *     when it cannot be guessed (JSON arrays)
   * @param alreadyAcknowledged records acknowledged by an earlier run (0 for a new import)
   */
  default void started(String importId, OptionalLong estimatedRecords, long alreadyAcknowledged) {}

  /** Every input file has been read: the exact number of records of the import. */
  default void totalKnown(long records) {}

  /** The upload endpoint acknowledged a batch of {@code records} records. */
  default void batchAcknowledged(long records) {}

  /** A batch is sent again after {@code wait}; {@code reason} is a status or failure kind. */
  default void retrying(String batch, int attempt, String reason, Duration wait) {}

  /**
   * Tokens obtained during this run so far, the first included; called when the count grows. The
   * same count as {@link ImportResult#tokenRefreshes()}: renderers show it and never count tokens
   * themselves.
   */
  default void tokensObtained(long count) {}

  /** The upload endpoint answered 401: the token is being replaced and the batch sent again. */
  default void tokenRejected() {}

  /**
   * The import was asked to stop (Ctrl-C, SIGTERM): it reads and sends nothing more and waits, for
   * a bounded grace period, for the batches in flight, whose acknowledgements it keeps. Called at
   * most once, when the import notices the request, and only after {@link #started}.
   */
  default void stopping() {}

  /** The import ended, successfully or not. The last event. */
  default void finished(ImportResult result) {}
}
