package io.customauth.runner.imports.journal;

import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.ImportIds;
import io.customauth.runner.imports.batch.Batch;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The append-only record of one import: a header, then one line per acknowledged batch, then a
 * {@code complete} line once every record was acknowledged.
 *
 * <p>Each line is {@code <crc32 as 8 hex digits> <json>\n} (see {@link JournalCodec}). An
 * acknowledgement returns once its line is on disk, so a crash can lose only acknowledgements that
 * had not returned, never an earlier line. Reading forgives what it can: a damaged line after the
 * header is skipped with a warning (its batch is sent again under the same key), a torn tail is cut
 * off before appending; only a missing, damaged or unknown header is refused.
 *
 * <p>One process at a time: {@link #create} and {@link #reopen} take an exclusive lock on the
 * import (see {@link JournalLock}), held until {@link #close()}.
 *
 * <p>Memory is proportional to the batches in flight, not to the batches acknowledged: per input
 * file a watermark and the runs of acknowledged batches above it; reopening streams the file.
 *
 * <p>Thread-safe: acknowledgements from many upload threads are serialised, and those arriving
 * together share one disk flush.
 */
public final class ImportJournal implements Closeable {
  private static final String SUFFIX = ".journal";

  private final Path path;
  private final JournalHeader header;
  private final FileChannel channel;
  private final JournalLock lock;
  private final Clock clock;
  private final List<String> warnings;
  private final Object flushLock = new Object();

  // Guarded by this.
  private final AcknowledgedBatches acknowledged;
  private Optional<Completion> completion;
  private long linesWritten;

  // Guarded by flushLock: lines up to this count are on disk.
  private long linesFlushed;

  /**
   * That an import completed: every one of {@code records} records read was acknowledged.
   *
   * @param records the records of the import, equal to those acknowledged
   * @param batches the batches acknowledged
   */
  public record Completion(long records, long batches, Instant completedAt) {}

  /**
   * What a journal holds, read without taking its lock (for a look before a resume, or tests).
   *
   * @param acknowledgedBatches distinct batches acknowledged
   * @param acknowledgedRecords their records
   * @param completion present when the import completed
   * @param damagedLines lines skipped because they could not be trusted (a torn tail not counted)
   * @param warnings one line each for the user about the skipped lines; empty when none
   * @param validLength the file offset just past the last good line
   */
  public record Contents(
      JournalHeader header,
      long acknowledgedBatches,
      long acknowledgedRecords,
      Optional<Completion> completion,
      long damagedLines,
      List<String> warnings,
      long validLength) {
    public Contents {
      warnings = List.copyOf(warnings);
    }

    public boolean isComplete() {
      return completion.isPresent();
    }
  }

  private ImportJournal(
      Path path,
      JournalHeader header,
      FileChannel channel,
      JournalLock lock,
      Clock clock,
      JournalReader.Scan scan) {
    this.path = path;
    this.header = header;
    this.channel = channel;
    this.lock = lock;
    this.clock = clock;
    this.acknowledged = scan.acknowledged();
    this.completion = scan.completion();
    this.warnings = List.copyOf(scan.warnings());
  }

  /**
   * Where the journal of {@code importId} lives in {@code stateDir}.
   *
   * @throws ImportException {@link ImportErrorCode#STATE_INVALID} when {@code importId} is not an
   *     import id (which also keeps it from naming another path)
   */
  public static Path pathFor(Path stateDir, String importId) {
    if (!ImportIds.isValid(importId)) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID, "'" + importId + "' is not an import id (imp-…)");
    }
    return stateDir.resolve(importId + SUFFIX);
  }

  /** {@link #create(Path, JournalHeader, Clock)} on the system clock. */
  public static ImportJournal create(Path stateDir, JournalHeader header) {
    return create(stateDir, header, Clock.systemUTC());
  }

  /**
   * Starts the journal of a new import, creating {@code stateDir} when needed, and takes its lock.
   * Returns once the header and the directory entries leading to it are on disk, so that an import
   * id printed afterwards has a journal even after a power loss.
   *
   * @param clock for the lock's "since"
   * @throws ImportException {@link ImportErrorCode#STATE_INVALID} when the journal cannot be
   *     written or already exists
   */
  public static ImportJournal create(Path stateDir, JournalHeader header, Clock clock) {
    return create(stateDir, header, clock, ImportJournal::syncDirectory);
  }

  /** With the directory sync as a parameter, for the test that checks which directories it got. */
  static ImportJournal create(
      Path stateDir, JournalHeader header, Clock clock, Consumer<Path> directorySync) {
    Path path = pathFor(stateDir, header.importId());
    List<Path> created = new ArrayList<>();
    JournalLock lock = null;
    FileChannel channel = null;
    try {
      for (Path dir = stateDir.toAbsolutePath(); dir != null && !Files.exists(dir); ) {
        created.add(dir);
        dir = dir.getParent();
      }
      if (Files.exists(stateDir) && !Files.isDirectory(stateDir)) {
        throw new ImportException(
            ImportErrorCode.STATE_INVALID,
            "the state directory " + stateDir + " is a file; name a directory with --state-dir");
      }
      Files.createDirectories(stateDir);
      lock = JournalLock.acquire(stateDir, header.importId(), clock);
      channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      writeFully(channel, JournalCodec.encode(JournalFormat.header(header)));
      channel.force(true);
      // A new file is durable only once the directory holding its name is, and so on upwards for
      // every directory made here.
      directorySync.accept(stateDir.toAbsolutePath());
      for (Path dir : created) {
        directorySync.accept(dir.getParent());
      }
      ImportJournal journal =
          new ImportJournal(
              path,
              header,
              channel,
              lock,
              clock,
              new JournalReader.Scan(
                  header,
                  new AcknowledgedBatches(header.files().size()),
                  Optional.empty(),
                  0,
                  List.of(),
                  channel.size()));
      journal.linesWritten = 1;
      journal.linesFlushed = 1;
      return journal;
    } catch (IOException e) {
      closeQuietly(channel);
      closeQuietly(lock);
      throw cannotWrite(path, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      closeQuietly(lock);
      throw e;
    }
  }

  /**
   * Where else the journal may be: the state directory is relative to the working directory unless
   * given, and a resume command pasted in another directory looks in the wrong one.
   */
  static final String NO_JOURNAL_ADVICE =
      "; run the resume command in the directory the import ran in, or give its --state-dir";

  /** {@link #reopen(Path, String, Clock)} on the system clock. */
  public static ImportJournal reopen(Path stateDir, String importId) {
    return reopen(stateDir, importId, Clock.systemUTC());
  }

  /**
   * Opens the journal of an interrupted import to continue it: takes its lock, reads it as a stream
   * and cuts a torn tail off, so that the next line starts on a line of its own. Damaged lines
   * before the tail are skipped and reported in {@link #warnings()}.
   *
   * @param clock for the lock's "since" and the completion time
   * @throws ImportException {@link ImportErrorCode#IMPORT_LOCKED} when another process (or another
   *     journal object in this one) works on the import, naming it; {@link
   *     ImportErrorCode#STATE_INVALID} when there is no such import or its header is missing,
   *     damaged or of a newer version
   */
  public static ImportJournal reopen(Path stateDir, String importId, Clock clock) {
    Path path = pathFor(stateDir, importId);
    if (!Files.isRegularFile(path)) {
      // Checked before locking, so that a mistyped id leaves no lock file behind.
      throw new ImportException(
          ImportErrorCode.STATE_INVALID,
          "no journal for this import at " + path + NO_JOURNAL_ADVICE);
    }
    JournalLock lock = JournalLock.acquire(stateDir, importId, clock);
    FileChannel channel = null;
    try {
      JournalReader.Scan scan = JournalReader.scan(path);
      if (!scan.header().importId().equals(importId)) {
        throw new ImportException(
            ImportErrorCode.STATE_INVALID,
            path + ": the journal belongs to import " + scan.header().importId());
      }
      channel = FileChannel.open(path, StandardOpenOption.WRITE);
      if (channel.size() > scan.validLength()) {
        channel.truncate(scan.validLength());
        channel.force(true);
      }
      channel.position(scan.validLength());
      return new ImportJournal(path, scan.header(), channel, lock, clock, scan);
    } catch (IOException e) {
      closeQuietly(channel);
      closeQuietly(lock);
      throw cannotWrite(path, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      closeQuietly(lock);
      throw e;
    }
  }

  /**
   * What the journal of {@code importId} holds, without locking it: to look before a resume.
   *
   * @throws ImportException {@link ImportErrorCode#STATE_INVALID} as {@link #reopen} does
   */
  public static Contents inspect(Path stateDir, String importId) {
    return read(pathFor(stateDir, importId));
  }

  /** The header of an import's journal, e.g. to find the connector file a resume must load. */
  public static JournalHeader readHeader(Path stateDir, String importId) {
    return JournalReader.header(pathFor(stateDir, importId));
  }

  /**
   * Reads the journal at {@code path} as a stream, without locking it.
   *
   * @throws ImportException {@link ImportErrorCode#STATE_INVALID} when it does not exist or its
   *     header is missing, damaged or of a newer version
   */
  public static Contents read(Path path) {
    JournalReader.Scan scan = JournalReader.scan(path);
    return new Contents(
        scan.header(),
        scan.acknowledged().batches(),
        scan.acknowledged().records(),
        scan.completion(),
        scan.damagedLines(),
        scan.warnings(),
        scan.validLength());
  }

  public Path path() {
    return path;
  }

  public JournalHeader header() {
    return header;
  }

  /**
   * What reopening found wrong with the journal, one line each, for the user: damaged lines that
   * were skipped. Empty for a new journal or a sound one. Never holds a record's content.
   */
  public List<String> warnings() {
    return warnings;
  }

  public synchronized boolean isAcknowledged(int fileIndex, long batchIndex) {
    return acknowledged.contains(fileIndex, batchIndex);
  }

  /** Distinct batches acknowledged, earlier runs of the import included. */
  public synchronized long acknowledgedBatches() {
    return acknowledged.batches();
  }

  /** Records of the acknowledged batches, earlier runs of the import included. */
  public synchronized long acknowledgedRecords() {
    return acknowledged.records();
  }

  /** The runs of acknowledged batches held above the per-file watermarks: its memory, for tests. */
  synchronized int outOfOrderRanges() {
    return acknowledged.ranges();
  }

  /**
   * Records durably that {@code batch} was acknowledged by the upload endpoint: returns once its
   * line is on disk. A batch already acknowledged is not written again.
   *
   * <p>Group commit: the line is appended under the journal's lock; then one thread flushes for
   * every line appended so far while the others wait for that flush instead of queueing for one
   * each. Lines land in the file in the order they were appended, and each call returns only after
   * a flush that began after its append, so a crash can lose or tear only lines whose call had not
   * returned.
   *
   * @throws ImportException {@link ImportErrorCode#STATE_INVALID} when the line cannot be written
   * @throws IllegalArgumentException when the batch's file index is not one of this import's
   */
  public void acknowledge(Batch batch) {
    long line;
    synchronized (this) {
      if (acknowledged.contains(batch.fileIndex(), batch.index())) {
        return;
      }
      if (!acknowledged.inRange(batch.fileIndex(), batch.index())) {
        throw new IllegalArgumentException(batch + " is not a batch of " + header.importId());
      }
      append(JournalCodec.encode(JournalFormat.ack(batch)));
      acknowledged.add(batch.fileIndex(), batch.index(), batch.records().size());
      line = ++linesWritten;
    }
    flushThrough(line);
  }

  /**
   * Records durably that the import completed: every one of {@code recordsRead} records was
   * acknowledged. Later, {@link #isComplete()} says so and {@code import --resume} has nothing to
   * send. Does nothing when the import is already complete.
   *
   * @param recordsRead all records of the import's files
   * @throws IllegalArgumentException when the records acknowledged are not {@code recordsRead}
   * @throws ImportException {@link ImportErrorCode#STATE_INVALID} when the line cannot be written
   */
  public void complete(long recordsRead) {
    long line;
    synchronized (this) {
      if (completion.isPresent()) {
        return;
      }
      if (recordsRead != acknowledged.records()) {
        throw new IllegalArgumentException(
            recordsRead + " records read but " + acknowledged.records() + " acknowledged");
      }
      Completion done = new Completion(recordsRead, acknowledged.batches(), clock.instant());
      append(JournalCodec.encode(JournalFormat.complete(done)));
      completion = Optional.of(done);
      line = ++linesWritten;
    }
    flushThrough(line);
  }

  /** Whether the import completed, by this run or an earlier one. */
  public synchronized boolean isComplete() {
    return completion.isPresent();
  }

  /** The recorded completion: totals and when; empty while the import is not complete. */
  public synchronized Optional<Completion> completion() {
    return completion;
  }

  // Called under this.
  private void append(byte[] line) {
    try {
      writeFully(channel, line);
    } catch (IOException e) {
      throw cannotWrite(path, e);
    }
  }

  private void flushThrough(long line) {
    synchronized (flushLock) {
      if (linesFlushed >= line) {
        return; // another thread's flush began after this line was appended
      }
      long appended;
      synchronized (this) {
        appended = linesWritten;
      }
      try {
        channel.force(false);
      } catch (IOException e) {
        throw cannotWrite(path, e);
      }
      linesFlushed = appended;
    }
  }

  /** Releases the import for another process; every line written was already flushed. */
  @Override
  public void close() {
    synchronized (flushLock) {
      synchronized (this) {
        closeQuietly(channel);
        closeQuietly(lock);
      }
    }
  }

  private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * Forces a directory's entries to disk. Some platforms (Windows) cannot open a directory; there
   * the file system keeps its own metadata journal, so the failure is ignored.
   */
  static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // not supported on this platform
    }
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      // Every line was flushed before; a failed close loses nothing.
    }
  }

  private static ImportException cannotWrite(Path path, IOException e) {
    return new ImportException(
        ImportErrorCode.STATE_INVALID,
        "cannot write the journal " + path + " (" + e.getClass().getSimpleName() + ")",
        e);
  }
}
