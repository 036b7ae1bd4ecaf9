package io.customauth.runner.imports.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.batch.Batch;
import io.customauth.runner.imports.input.ContentDigest;
import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.upload.PayloadFormat;
import io.customauth.runner.imports.upload.UploadSettings;
import io.customauth.spi.UploadTarget;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of a journal as JSON: one header, then {@code ack} entries, then at most one {@code
 * complete} entry.
 *
 * <p>Versions: 1 had the header and acks; 2 adds {@code complete}; 3 gives each input file a {@code
 * digest} that names its algorithm ({@code crc32c:…}) where 1 and 2 gave a {@code sha256} (read as
 * {@code sha256:…}, and still checked with SHA-256 on resume). A reader refuses a version it does
 * not know rather than guess what a newer runner meant.
 */
final class JournalFormat {
  /** The version this runner writes. */
  static final int VERSION = 3;

  /** The oldest version this runner reads. */
  static final int OLDEST_VERSION = 1;

  static final String HEADER = "header";
  static final String ACK = "ack";
  static final String COMPLETE = "complete";

  private static final ObjectMapper JSON = new ObjectMapper();

  private JournalFormat() {}

  static ObjectNode header(JournalHeader header) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", HEADER);
    node.put("version", VERSION);
    node.put("importId", header.importId());
    node.put("startedAt", header.startedAt().toString());
    ObjectNode connector = node.putObject("connector");
    connector.put("path", header.connectorPath());
    connector.put("sha256", header.connectorSha256());
    node.put("project", header.projectId());
    ArrayNode files = node.putArray("files");
    for (InputFileFingerprint file : header.files()) {
      ObjectNode f = files.addObject();
      f.put("path", file.path());
      f.put("size", file.size());
      f.put("digest", file.digest());
      f.put("lines", file.lines());
    }
    ObjectNode upload = node.putObject("upload");
    upload.put("method", header.upload().method());
    upload.put("format", header.upload().format().configName());
    upload.put("batchSize", header.upload().batchSize());
    upload.put("concurrency", header.upload().concurrency());
    upload.put("maxAttempts", header.upload().maxAttempts());
    upload.put("maxBatchBytes", header.upload().maxBatchBytes());
    node.put("batching", header.batchingVersion());
    return node;
  }

  /**
   * The header in {@code node}, the decoded first line of the journal at {@code path}.
   *
   * @throws ImportException {@link ImportErrorCode#STATE_INVALID} when it is not a header, is of an
   *     unknown version, or lacks a field
   */
  static JournalHeader parseHeader(Path path, JsonNode node) {
    if (!HEADER.equals(node.path("type").asText())) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID,
          path
              + ": line 1 is not a journal header; this import cannot be resumed, start a new one");
    }
    JsonNode version = node.path("version");
    if (!version.canConvertToInt() || version.asInt() < OLDEST_VERSION) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID,
          path + ": line 1 has no valid journal version; this import cannot be resumed");
    }
    if (version.asInt() > VERSION) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID,
          path
              + ": the journal is version "
              + version.asInt()
              + ", written by a newer import-runner; this one reads versions "
              + OLDEST_VERSION
              + " to "
              + VERSION
              + ". Resume the import with the version that started it");
    }
    try {
      List<InputFileFingerprint> files = new ArrayList<>();
      for (JsonNode f : node.required("files")) {
        files.add(
            new InputFileFingerprint(
                f.required("path").asText(),
                f.required("size").asLong(),
                digest(path, files.size() + 1, f),
                f.path("lines").asLong()));
      }
      JsonNode upload = node.required("upload");
      return new JournalHeader(
          node.required("importId").asText(),
          Instant.parse(node.required("startedAt").asText()),
          node.required("connector").required("path").asText(),
          node.required("connector").required("sha256").asText(),
          node.required("project").asText(),
          files,
          new UploadSettings(
              upload.required("method").asText(),
              PayloadFormat.named(upload.required("format").asText()),
              upload.required("batchSize").asInt(),
              upload.required("concurrency").asInt(),
              upload.required("maxAttempts").asInt(),
              upload.path("maxBatchBytes").asInt(UploadTarget.DEFAULT_MAX_BATCH_BYTES)),
          // Journals written before the field cut batches by count alone: version 1.
          node.path("batching").asInt(1));
    } catch (ImportException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID,
          path + ": the journal header (line 1) is incomplete; this import cannot be resumed",
          e);
    }
  }

  /**
   * The digest of input file {@code number} (from 1) in header {@code f}: its {@code digest}, or
   * the {@code sha256} of versions 1 and 2 as {@code sha256:…}; checked for form, so that a damaged
   * one is reported as such instead of as a changed input.
   */
  private static String digest(Path path, int number, JsonNode f) {
    JsonNode digest = f.get("digest");
    JsonNode sha256 = f.get("sha256");
    String text = null;
    if (digest != null) {
      text = digest.isTextual() ? digest.asText() : null;
    } else if (sha256 != null && sha256.isTextual()) {
      text = ContentDigest.SHA256.label() + ":" + sha256.asText();
    }
    String problem = text == null ? "is missing" : null;
    if (text != null) {
      try {
        ContentDigest.checked(text);
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
    }
    if (problem == null) {
      return text;
    }
    throw new ImportException(
        ImportErrorCode.STATE_INVALID,
        path
            + ": line 1: the digest of input file "
            + number
            + " "
            + problem
            + "; the journal is damaged or was written by a newer import-runner, so this import"
            + " cannot be resumed: start a new one");
  }

  /**
   * {@code firstLine} and {@code lastLine} are kept for people reading a journal, not for resume.
   */
  static ObjectNode ack(Batch batch) {
    ObjectNode ack = JSON.createObjectNode();
    ack.put("type", ACK);
    ack.put("file", batch.fileIndex());
    ack.put("batch", batch.index());
    ack.put("records", batch.records().size());
    ack.put("firstLine", batch.firstLine());
    ack.put("lastLine", batch.lastLine());
    return ack;
  }

  static ObjectNode complete(ImportJournal.Completion completion) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", COMPLETE);
    node.put("records", completion.records());
    node.put("batches", completion.batches());
    node.put("completedAt", completion.completedAt().toString());
    return node;
  }

  static ImportJournal.Completion parseComplete(JsonNode node) {
    return new ImportJournal.Completion(
        node.required("records").asLong(),
        node.required("batches").asLong(),
        Instant.parse(node.required("completedAt").asText()));
  }
}
