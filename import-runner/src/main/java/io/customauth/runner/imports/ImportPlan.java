package io.customauth.runner.imports;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.batch.Batcher;
import io.customauth.runner.imports.input.ContentDigest;
import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.input.InputFingerprints;
import io.customauth.runner.imports.input.InputFormat;
import io.customauth.runner.imports.journal.JournalHeader;
import io.customauth.runner.imports.upload.UploadSettings;
import io.customauth.runner.imports.upload.UploadUrl;
import io.customauth.spi.Connector;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.UploadTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What one run of an import does, whether it starts or resumes: which files in which order (with
 * their fingerprints), where to, and with which upload settings. Built from a request for a new
 * import, or from a journal's header for a resume, so that both runs share one loop.
 *
 * @param files the input files, in import order
 * @param fingerprints the files' fingerprints, one per file, in the same order
 * @param modified each file's last-modified time, read just before it was fingerprinted by this run
 *     (not journaled): with the size, how the import sees a file changed while it reads it
 * @param settings the upload settings; on a resume the batch size and format come from the journal
 *     (they decide what each idempotency key covers), the rest from the connector
 * @param url the upload URL with the project filled in
 * @param projectId the project, as given
 * @param connectorPath the connector file, absolute
 * @param connectorSha256 hex SHA-256 of the connector file's bytes when the import started
 */
public record ImportPlan(
    List<Path> files,
    List<InputFileFingerprint> fingerprints,
    List<FileTime> modified,
    UploadSettings settings,
    URI url,
    String projectId,
    String connectorPath,
    String connectorSha256) {
  public ImportPlan {
    files = List.copyOf(files);
    fingerprints = List.copyOf(fingerprints);
    modified = List.copyOf(modified);
    requireNonNull(settings, "settings");
    requireNonNull(url, "url");
    requireNonNull(projectId, "projectId");
    requireNonNull(connectorPath, "connectorPath");
    requireNonNull(connectorSha256, "connectorSha256");
    if (files.size() != fingerprints.size() || files.size() != modified.size()) {
      throw new IllegalArgumentException("one fingerprint and one modified time per file");
    }
  }

  /**
   * The plan of a new import: reads every input file once to fingerprint it (or takes what {@code
   * fingerprints} read of it ahead).
   *
   * @throws ImportException {@code CONFIG_INVALID} for the connector's upload block, {@code
   *     INPUT_INVALID} for a file of unknown format or named twice, {@code INPUT_UNREADABLE}
   */
  public static ImportPlan of(
      ImportRequest request, Connector connector, InputFingerprints inputs) {
    UploadTarget target = uploadTarget(connector);
    UploadSettings settings = settings(target);
    URI url = url(target, request.projectId());
    List<InputFileFingerprint> fingerprints = new ArrayList<>();
    List<FileTime> modified = new ArrayList<>();
    for (int i = 0; i < request.files().size(); i++) {
      Path file = request.files().get(i);
      if (InputFormat.forFile(file).isEmpty()) {
        throw new ImportException(
            ImportErrorCode.INPUT_INVALID,
            file + ": unknown input format; name the file .csv, .ndjson, .jsonl or .json");
      }
      for (Path earlier : request.files().subList(0, i)) {
        if (sameFile(earlier, file)) {
          throw new ImportException(
              ImportErrorCode.INPUT_INVALID,
              file
                  + ": the same file as "
                  + earlier
                  + "; each input file may be named once, or its records would be sent twice");
        }
      }
      InputFingerprints.Read read = inputs.read(file);
      modified.add(read.modified());
      fingerprints.add(read.fingerprint());
    }
    return new ImportPlan(
        request.files(),
        fingerprints,
        modified,
        settings,
        url,
        request.projectId(),
        request.connectorFile().toAbsolutePath().normalize().toString(),
        sha256(request.connectorFile()));
  }

  /**
   * The plan of a resume: the journal's files, which must be unchanged, and its batch size and
   * format; the URL, method, concurrency and attempts from {@code connector}, so that a corrected
   * connector file can be used.
   *
   * @throws ImportException {@code INPUT_CHANGED} naming the first file that changed or is gone
   */
  public static ImportPlan resuming(
      JournalHeader header, Connector connector, InputFingerprints inputs) {
    if (header.batchingVersion() != Batcher.VERSION) {
      // Another version may cut the files into other batches under the same keys.
      throw new ImportException(
          ImportErrorCode.STATE_INVALID,
          "import "
              + header.importId()
              + " was started by a version of import-runner that cuts batches differently;"
              + " it cannot be resumed safely: start a new import");
    }
    List<Path> files = new ArrayList<>();
    List<FileTime> modified = new ArrayList<>();
    for (InputFileFingerprint recorded : header.files()) {
      Path file = Path.of(recorded.path());
      InputFileFingerprint now;
      try {
        InputFingerprints.Read read = inputs.read(file, recorded.algorithm());
        modified.add(read.modified());
        now = read.fingerprint();
      } catch (ImportException e) {
        throw new ImportException(
            ImportErrorCode.INPUT_CHANGED,
            file + ": the input file is gone or unreadable since the import started",
            e);
      }
      if (!recorded.sameContent(now)) {
        throw new ImportException(
            ImportErrorCode.INPUT_CHANGED,
            file
                + ": the input file changed since the import started; resuming would skip or"
                + " repeat the wrong records");
      }
      files.add(file);
    }
    UploadTarget target = uploadTarget(connector);
    UploadSettings current = settings(target);
    UploadSettings settings =
        new UploadSettings(
            current.method(),
            header.upload().format(),
            header.upload().batchSize(),
            current.concurrency(),
            current.maxAttempts(),
            header.upload().maxBatchBytes(),
            current.reauthenticateOn());
    return new ImportPlan(
        files,
        header.files(),
        modified,
        settings,
        url(target, header.projectId()),
        header.projectId(),
        header.connectorPath(),
        header.connectorSha256());
  }

  /** The header of the journal of a new import following this plan. */
  public JournalHeader header(String importId, Instant startedAt) {
    return new JournalHeader(
        importId, startedAt, connectorPath, connectorSha256, projectId, fingerprints, settings);
  }

  /** Whether two paths name one file, through links or different spellings too. */
  static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      // One of them cannot be read: reading it reports that, with its name.
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  private static UploadTarget uploadTarget(Connector connector) {
    return connector
        .upload()
        .orElseThrow(
            () ->
                new ImportException(
                    ErrorCode.CONFIG_INVALID,
                    "upload: the connector '" + connector.name() + "' has no upload block"));
  }

  private static UploadSettings settings(UploadTarget target) {
    try {
      return UploadSettings.of(target);
    } catch (IllegalArgumentException e) {
      throw new ImportException(ErrorCode.CONFIG_INVALID, "upload: " + e.getMessage());
    }
  }

  private static URI url(UploadTarget target, String projectId) {
    try {
      return UploadUrl.expand(target.url(), projectId);
    } catch (IllegalArgumentException e) {
      throw new ImportException(ErrorCode.CONFIG_INVALID, "upload.url: " + e.getMessage());
    }
  }

  static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(ContentDigest.newSha256().digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new ImportException(
          ErrorCode.CONFIG_INVALID, file + ": the connector file cannot be read", e);
    }
  }
}
