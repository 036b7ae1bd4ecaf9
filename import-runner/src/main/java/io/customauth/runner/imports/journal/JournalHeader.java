package io.customauth.runner.imports.journal;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.batch.Batcher;
import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.upload.UploadSettings;
import java.time.Instant;
import java.util.List;

/**
 * The first record of an import's journal: everything a resume needs to send the same batches with
 * the same keys, and to refuse when the inputs changed. It never holds a connector value: only the
 * connector file's path and the SHA-256 of its bytes.
 *
 * @param connectorPath the connector file, absolute, for the resume to load it again
 * @param connectorSha256 hex SHA-256 of the connector file's bytes when the import started
 * @param files the input files in import order
 * @param upload the upload settings; {@code format}, {@code batchSize} and {@code maxBatchBytes}
 *     define the batches
 * @param batchingVersion the {@link Batcher#VERSION} that cut the batches: a resume by another
 *     version could send other records under the same keys
 */
public record JournalHeader(
    String importId,
    Instant startedAt,
    String connectorPath,
    String connectorSha256,
    String projectId,
    List<InputFileFingerprint> files,
    UploadSettings upload,
    int batchingVersion) {
  public JournalHeader {
    requireNonNull(importId, "importId");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(connectorPath, "connectorPath");
    requireNonNull(connectorSha256, "connectorSha256");
    requireNonNull(projectId, "projectId");
    requireNonNull(upload, "upload");
    files = List.copyOf(files);
  }

  /** A header for batches cut by this version of the {@link Batcher}. */
  public JournalHeader(
      String importId,
      Instant startedAt,
      String connectorPath,
      String connectorSha256,
      String projectId,
      List<InputFileFingerprint> files,
      UploadSettings upload) {
    this(
        importId,
        startedAt,
        connectorPath,
        connectorSha256,
        projectId,
        files,
        upload,
        Batcher.VERSION);
  }
}
