package io.customauth.runner.imports;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.batch.Batch;
import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.input.InputFormat;
import io.customauth.runner.imports.input.InputRecord;
import io.customauth.runner.imports.input.RecordReader;
import io.customauth.runner.imports.journal.ImportJournal;
import io.customauth.runner.imports.journal.JournalHeader;
import io.customauth.runner.imports.upload.BatchUploader;
import io.customauth.runner.imports.upload.UploadSettings;
import io.customauth.runner.imports.upload.UploadUrl;
import io.customauth.spi.AuthException;
import io.customauth.spi.Connector;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.UploadTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs imports: reads the input files as streams, cuts them into batches, uploads {@code
 * concurrency} batches at a time with the connector's token, and journals each acknowledged batch
 * so that an interrupted import can be resumed without sending anything twice.
 *
 * <p>Memory stays flat with the input size: the reading thread blocks once {@code 2 × concurrency}
 * batches are waiting or in flight.
 *
 * <p>One engine may run many imports, one after another or at once; it holds no per-import state.
 */
public final class ImportEngine {
  private final ImportOptions options;

  public ImportEngine(ImportOptions options) {
    this.options = requireNonNull(options, "options");
  }

  /**
   * Starts a new import. Returns when every record was acknowledged or the import stopped; never
   * throws for a failure of the import itself, which is in {@link ImportResult#error()}.
   */
  public ImportResult start(ImportRequest request, Connector connector, ImportProgress progress) {
    Instant begin = options.clock().instant();
    long refreshesBefore = options.tokenRefreshes().getAsLong();
    try {
      UploadTarget target = uploadTarget(connector);
      UploadSettings settings = settings(target);
      URI url = url(target, request.projectId());
      CompletableFuture<Void> token = firstToken(connector);
      List<InputFileFingerprint> files = new ArrayList<>();
      for (Path file : request.files()) {
        if (InputFormat.forFile(file).isEmpty()) {
          InputFormat.open(file).close(); // throws the "unknown input format" error
        }
        files.add(InputFileFingerprint.of(file));
      }
      JournalHeader header =
          new JournalHeader(
              options.idGenerator().get(),
              begin,
              request.connectorFile().toAbsolutePath().normalize().toString(),
              sha256(request.connectorFile()),
              request.projectId(),
              files,
              settings);
      awaitFirstToken(token);
      try (ImportJournal journal =
          ImportJournal.create(options.stateDir(), header, options.clock())) {
        return run(
            journal, request.files(), connector, url, settings, progress, begin, refreshesBefore);
      }
    } catch (ImportException e) {
      return failedEarly(Optional.empty(), e, progress, begin, refreshesBefore);
    }
  }

  /**
   * Finishes an interrupted import: refuses when an input file changed, skips the batches the
   * journal holds and sends the rest with the same idempotency keys. The batch size and body format
   * come from the journal (they decide what each key covers); the URL, method, concurrency and
   * attempts come from {@code connector}, so a corrected connector file can be used.
   */
  public ImportResult resume(String importId, Connector connector, ImportProgress progress) {
    Instant begin = options.clock().instant();
    long refreshesBefore = options.tokenRefreshes().getAsLong();
    try (ImportJournal journal =
        ImportJournal.reopen(options.stateDir(), importId, options.clock())) {
      JournalHeader header = journal.header();
      if (journal.isComplete()) {
        // Nothing to send, so no token either.
        ImportResult result =
            new ImportResult(
                Optional.of(importId),
                journal.acknowledgedRecords(),
                journal.acknowledgedBatches(),
                0,
                0,
                0,
                Duration.between(begin, options.clock().instant()),
                Optional.empty());
        progress.finished(result);
        return result;
      }
      CompletableFuture<Void> token = firstToken(connector);
      List<Path> files = new ArrayList<>();
      for (InputFileFingerprint recorded : header.files()) {
        Path file = Path.of(recorded.path());
        InputFileFingerprint now;
        try {
          now = InputFileFingerprint.of(file);
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
              current.maxAttempts());
      URI url = url(target, header.projectId());
      awaitFirstToken(token);
      return run(journal, files, connector, url, settings, progress, begin, refreshesBefore);
    } catch (ImportException e) {
      return failedEarly(
          ImportIds.isValid(importId) ? Optional.of(importId) : Optional.empty(),
          e,
          progress,
          begin,
          refreshesBefore);
    }
  }

  /**
   * Fetches the first token on another thread while the inputs are fingerprinted: neither needs the
   * other, and each takes a few hundred milliseconds of an import's start.
   */
  private static CompletableFuture<Void> firstToken(Connector connector) {
    return CompletableFuture.runAsync(() -> connector.auth().credential());
  }

  /** An import that cannot get a token stops here, before it journals or sends anything. */
  private static void awaitFirstToken(CompletableFuture<Void> token) {
    try {
      token.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof AuthException auth) {
        throw ImportException.fromAuth("no token to start the import with", auth);
      }
      throw e;
    }
  }

  /** The header of an import's journal: the CLI reads the connector path from it to resume. */
  public JournalHeader describe(String importId) {
    return ImportJournal.readHeader(options.stateDir(), importId);
  }

  /**
   * What the journal of an import holds (counts, completion, warnings about damaged lines), read
   * without locking it: the CLI looks before it loads the connector for a resume.
   */
  public ImportJournal.Contents inspect(String importId) {
    return ImportJournal.inspect(options.stateDir(), importId);
  }

  /**
   * A warning for the user when the connector file differs from the one the import started with;
   * empty when it is the same or cannot be read (loading it then says why).
   */
  public static Optional<String> connectorChanged(JournalHeader header) {
    Path file = Path.of(header.connectorPath());
    String now;
    try {
      now = sha256(file);
    } catch (ImportException e) {
      return Optional.empty();
    }
    if (now.equals(header.connectorSha256())) {
      return Optional.empty();
    }
    return Optional.of(
        file
            + ": the connector file changed since the import started; kept from the journal:"
            + " format, batchSize (they decide what each idempotency key covers); taken from"
            + " the file: url, method, concurrency, maxAttempts and auth");
  }

  private ImportResult run(
      ImportJournal journal,
      List<Path> files,
      Connector connector,
      URI url,
      UploadSettings settings,
      ImportProgress progress,
      Instant begin,
      long refreshesBefore) {
    String importId = journal.header().importId();
    progress.started(importId, estimate(journal.header()), journal.acknowledgedRecords());
    AtomicReference<ImportException> failure = new AtomicReference<>();
    ExecutorService workers =
        Executors.newFixedThreadPool(settings.concurrency(), uploadThreads(importId));
    // Bounds what is read ahead of the uploads: batches queued or in flight.
    Semaphore window = new Semaphore(settings.concurrency() * 2);
    BatchUploader uploader =
        new BatchUploader(url, settings, connector.auth(), importId, options, progress);
    long total = 0;
    try {
      reading:
      for (int fileIndex = 0; fileIndex < files.size(); fileIndex++) {
        Path file = files.get(fileIndex);
        try (RecordReader reader = InputFormat.open(file)) {
          long batchIndex = 0;
          List<InputRecord> pending = new ArrayList<>(settings.batchSize());
          while (true) {
            if (failure.get() != null) {
              break reading;
            }
            Optional<InputRecord> record = reader.next();
            if (record.isPresent()) {
              pending.add(record.get());
              total++;
            }
            boolean full = pending.size() == settings.batchSize();
            if (full || (record.isEmpty() && !pending.isEmpty())) {
              Batch batch = new Batch(fileIndex, file.toString(), batchIndex++, pending);
              pending = new ArrayList<>(settings.batchSize());
              if (!journal.isAcknowledged(batch.fileIndex(), batch.index())) {
                window.acquire();
                workers.execute(
                    () -> uploadOne(batch, uploader, journal, progress, failure, window));
              }
            }
            if (record.isEmpty()) {
              break;
            }
          }
        }
      }
      if (failure.get() == null) {
        progress.totalKnown(total);
      }
    } catch (ImportException e) {
      failure.compareAndSet(null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(
          null, new ImportException(ImportErrorCode.INTERRUPTED, "the import was interrupted"));
    } finally {
      workers.shutdown();
      awaitQuietly(workers, failure);
      uploader.close();
    }
    if (failure.get() == null && journal.acknowledgedRecords() == total) {
      try {
        journal.complete(total); // a later resume then has nothing to do
      } catch (ImportException e) {
        failure.compareAndSet(null, e);
      }
    }
    ImportResult result =
        new ImportResult(
            Optional.of(importId),
            journal.acknowledgedRecords(),
            journal.acknowledgedBatches(),
            uploader.requests(),
            uploader.retries(),
            options.tokenRefreshes().getAsLong() - refreshesBefore,
            Duration.between(begin, options.clock().instant()),
            Optional.ofNullable(failure.get()));
    progress.finished(result);
    return result;
  }

  private static void uploadOne(
      Batch batch,
      BatchUploader uploader,
      ImportJournal journal,
      ImportProgress progress,
      AtomicReference<ImportException> failure,
      Semaphore window) {
    try {
      uploader.upload(batch, () -> failure.get() != null);
      journal.acknowledge(batch);
      progress.batchAcknowledged(batch.records().size());
    } catch (BatchUploader.Cancelled e) {
      // Another batch already stopped the import; this one was never sent.
    } catch (ImportException e) {
      failure.compareAndSet(null, e);
    } catch (RuntimeException e) {
      failure.compareAndSet(
          null,
          new ImportException(
              ImportErrorCode.INTERRUPTED,
              "unexpected failure uploading "
                  + batch.describe()
                  + " ("
                  + e.getClass().getSimpleName()
                  + ")",
              e));
    } finally {
      window.release();
    }
  }

  private static void awaitQuietly(
      ExecutorService workers, AtomicReference<ImportException> failure) {
    try {
      while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
        // Uploads are bounded by timeouts and maxAttempts; keep waiting for them.
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
      failure.compareAndSet(
          null, new ImportException(ImportErrorCode.INTERRUPTED, "the import was interrupted"));
    }
  }

  private ImportResult failedEarly(
      Optional<String> importId,
      ImportException error,
      ImportProgress progress,
      Instant begin,
      long refreshesBefore) {
    ImportResult result =
        new ImportResult(
            importId,
            0,
            0,
            0,
            0,
            options.tokenRefreshes().getAsLong() - refreshesBefore,
            Duration.between(begin, options.clock().instant()),
            Optional.of(error));
    progress.finished(result);
    return result;
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

  private static OptionalLong estimate(JournalHeader header) {
    long records = 0;
    for (InputFileFingerprint file : header.files()) {
      Optional<InputFormat> format = InputFormat.forFile(Path.of(file.path()));
      if (format.isEmpty() || format.get() == InputFormat.JSON) {
        return OptionalLong.empty();
      }
      records += format.get() == InputFormat.CSV ? Math.max(0, file.lines() - 1) : file.lines();
    }
    return OptionalLong.of(records);
  }

  static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(InputFileFingerprint.newSha256().digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new ImportException(
          ErrorCode.CONFIG_INVALID, file + ": the connector file cannot be read", e);
    }
  }

  private static ThreadFactory uploadThreads(String importId) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, importId + "-upload-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
