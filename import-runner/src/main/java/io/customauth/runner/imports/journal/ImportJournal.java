package io.customauth.runner.imports.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.ImportIds;
import io.customauth.runner.imports.batch.Batch;
import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.upload.PayloadFormat;
import io.customauth.runner.imports.upload.UploadSettings;
import io.customauth.spi.UploadTarget;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The append-only record of one import: a header, then one line per acknowledged batch.
 *
 * <p>Each line is {@code <crc32 as 8 hex digits> <json>\n}, and the file is forced to disk after
 * every acknowledgement, so a crash leaves at worst a torn last line. Reading ignores a torn or
 * checksum-failing last line (and cuts it off before appending again); a bad line anywhere else
 * means the file was damaged by something other than a crash and is refused.
 *
 * <p>Thread-safe: acknowledgements from many upload threads are serialised.
 */
public final class ImportJournal implements Closeable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".journal";

  private final Path path;
  private final JournalHeader header;
  private final Map<BatchId, Long> acknowledged;
  private final FileChannel channel;

  /** A batch's identity within an import. */
  public record BatchId(int fileIndex, long batchIndex) {}

  private ImportJournal(
      Path path, JournalHeader header, Map<BatchId, Long> acknowledged, FileChannel channel) {
    this.path = path;
    this.header = header;
    this.acknowledged = acknowledged;
    this.channel = channel;
  }

  /** Where the journal of {@code importId} lives in {@code stateDir}. */
  public static Path pathFor(Path stateDir, String importId) {
    if (!ImportIds.isValid(importId)) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID, "'" + importId + "' is not an import id (imp-…)");
    }
    return stateDir.resolve(importId + SUFFIX);
  }

  /** Starts the journal of a new import, writing its header durably before anything is sent. */
  public static ImportJournal create(Path stateDir, JournalHeader header) {
    Path path = pathFor(stateDir, header.importId());
    try {
      Files.createDirectories(stateDir);
      FileChannel channel =
          FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      ImportJournal journal = new ImportJournal(path, header, new HashMap<>(), channel);
      journal.append(headerJson(header));
      return journal;
    } catch (IOException e) {
      throw cannotWrite(path, e);
    }
  }

  /**
   * Opens the journal of an interrupted import to continue it.
   *
   * @throws ImportException with {@link ImportErrorCode#STATE_INVALID} when there is no such import
   *     or its journal is damaged
   */
  public static ImportJournal reopen(Path stateDir, String importId) {
    Path path = pathFor(stateDir, importId);
    Contents contents = read(path);
    try {
      FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
      // Cut a torn last line off, so that the next acknowledgement starts on a line of its own.
      channel.truncate(contents.validLength());
      channel.position(contents.validLength());
      channel.force(true);
      return new ImportJournal(
          path, contents.header(), new HashMap<>(contents.acknowledged()), channel);
    } catch (IOException e) {
      throw cannotWrite(path, e);
    }
  }

  /** The header of an import's journal, e.g. to find the connector file a resume must load. */
  public static JournalHeader readHeader(Path stateDir, String importId) {
    return read(pathFor(stateDir, importId)).header();
  }

  public Path path() {
    return path;
  }

  public JournalHeader header() {
    return header;
  }

  public synchronized boolean isAcknowledged(int fileIndex, long batchIndex) {
    return acknowledged.containsKey(new BatchId(fileIndex, batchIndex));
  }

  public synchronized long acknowledgedBatches() {
    return acknowledged.size();
  }

  public synchronized long acknowledgedRecords() {
    return acknowledged.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Records durably that {@code batch} was acknowledged by the upload endpoint: returns once its
   * line is on disk. The line is written under the lock and forced outside it, so that upload
   * threads acknowledging at the same moment share one disk flush instead of queueing for one each.
   */
  public void acknowledge(Batch batch) {
    BatchId id = new BatchId(batch.fileIndex(), batch.index());
    ObjectNode ack = JSON.createObjectNode();
    ack.put("type", "ack");
    ack.put("file", batch.fileIndex());
    ack.put("batch", batch.index());
    ack.put("records", batch.records().size());
    ack.put("firstLine", batch.firstLine());
    ack.put("lastLine", batch.lastLine());
    try {
      synchronized (this) {
        if (acknowledged.containsKey(id)) {
          return;
        }
        write(ack);
        acknowledged.put(id, (long) batch.records().size());
      }
      channel.force(false);
    } catch (IOException e) {
      throw cannotWrite(path, e);
    }
  }

  private void append(ObjectNode node) throws IOException {
    write(node);
    channel.force(false);
  }

  private void write(ObjectNode node) throws IOException {
    byte[] json = JSON.writeValueAsBytes(node);
    CRC32 crc = new CRC32();
    crc.update(json);
    String prefix = String.format("%08x ", crc.getValue());
    ByteBuffer line = ByteBuffer.allocate(prefix.length() + json.length + 1);
    line.put(prefix.getBytes(StandardCharsets.US_ASCII)).put(json).put((byte) '\n').flip();
    while (line.hasRemaining()) {
      channel.write(line);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Every acknowledgement was already forced to disk; nothing is lost by a failed close.
    }
  }

  public record Contents(JournalHeader header, Map<BatchId, Long> acknowledged, long validLength) {}

  public static Contents read(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID, "no journal for this import at " + path, e);
    } catch (IOException e) {
      throw new ImportException(ImportErrorCode.STATE_INVALID, "cannot read " + path, e);
    }
    List<JsonNode> lines = new ArrayList<>();
    long validLength = 0;
    int start = 0;
    int lineNumber = 0;
    while (start < bytes.length) {
      lineNumber++;
      int end = indexOf(bytes, (byte) '\n', start);
      boolean last = end < 0 || end == bytes.length - 1;
      JsonNode node = end < 0 ? null : parseLine(bytes, start, end);
      if (node == null) {
        if (last) {
          break; // a torn write at the moment of a crash
        }
        throw new ImportException(
            ImportErrorCode.STATE_INVALID,
            path + ": line " + lineNumber + " is damaged; the journal cannot be trusted");
      }
      lines.add(node);
      validLength = end + 1;
      start = end + 1;
    }
    if (lines.isEmpty() || !"header".equals(lines.get(0).path("type").asText())) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID, path + ": the journal has no header; start a new import");
    }
    JournalHeader header = parseHeader(path, lines.get(0));
    Map<BatchId, Long> acknowledged = new HashMap<>();
    for (JsonNode line : lines.subList(1, lines.size())) {
      if ("ack".equals(line.path("type").asText())) {
        acknowledged.put(
            new BatchId(line.path("file").asInt(), line.path("batch").asLong()),
            line.path("records").asLong());
      }
    }
    return new Contents(header, acknowledged, validLength);
  }

  private static JsonNode parseLine(byte[] bytes, int start, int end) {
    if (end - start < 10 || bytes[start + 8] != ' ') {
      return null;
    }
    long expected;
    try {
      expected = Long.parseLong(new String(bytes, start, 8, StandardCharsets.US_ASCII), 16);
    } catch (NumberFormatException e) {
      return null;
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, start + 9, end - start - 9);
    if (crc.getValue() != expected) {
      return null;
    }
    try {
      return JSON.readTree(bytes, start + 9, end - start - 9);
    } catch (IOException e) {
      return null;
    }
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static ObjectNode headerJson(JournalHeader header) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "header");
    node.put("version", 1);
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
      f.put("sha256", file.sha256());
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

  private static JournalHeader parseHeader(Path path, JsonNode node) {
    try {
      List<InputFileFingerprint> files = new ArrayList<>();
      for (JsonNode f : node.required("files")) {
        files.add(
            new InputFileFingerprint(
                f.required("path").asText(),
                f.required("size").asLong(),
                f.required("sha256").asText(),
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
    } catch (RuntimeException e) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID, path + ": the journal header is incomplete", e);
    }
  }

  private static ImportException cannotWrite(Path path, IOException e) {
    return new ImportException(
        ImportErrorCode.STATE_INVALID,
        "cannot write the journal " + path + " (" + e.getClass().getSimpleName() + ")",
        e);
  }
}
