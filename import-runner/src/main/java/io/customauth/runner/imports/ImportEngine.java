package io.customauth.runner.imports;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.batch.Batch;
import io.customauth.runner.imports.batch.Batcher;
import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.input.InputFingerprints;
import io.customauth.runner.imports.input.InputFormat;
import io.customauth.runner.imports.input.RecordReader;
import io.customauth.runner.imports.journal.ImportJournal;
import io.customauth.runner.imports.journal.JournalHeader;
import io.customauth.runner.imports.upload.BatchUploader;
import io.customauth.runner.plugin.PluginFailure;
import io.customauth.spi.AuthException;
import io.customauth.spi.Connector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs imports: reads the input files as streams, cuts them into batches, uploads {@code
 * concurrency} batches at a time with the connector's token, and journals each acknowledged batch
 * so that an interrupted import can be resumed without sending anything twice.
 *
 * <p>Memory stays flat with the input size: the reading thread blocks once {@code 2 × concurrency}
 * batches, or {@link #readAheadBytes(int)} bytes of request bodies, are waiting or in flight.
 *
 * <p>Any failure inside an import, whatever its kind ({@link Error}s included), stops it as failed;
 * an import is {@link ImportResult#ok()} only when every record read was acknowledged.
 *
 * <p>One engine may run many imports, one after another or at once; it holds no per-import state.
 */
public final class ImportEngine {
  /**
   * The most body bytes read ahead of the uploads whatever maxBatchBytes is, unless one is larger.
   */
  static final int MAX_READ_AHEAD_BYTES = 64 * 1024 * 1024;

  /** How often a waiting reader looks whether the import was asked to stop. */
  private static final long POLL_MILLIS = 100;

  private final ImportOptions options;

  public ImportEngine(ImportOptions options) {
    this.options = requireNonNull(options, "options");
  }

  /** {@link #start(ImportRequest, Connector, ImportProgress, StopSignal)} that nobody stops. */
  public ImportResult start(ImportRequest request, Connector connector, ImportProgress progress) {
    return start(request, connector, progress, StopSignal.none());
  }

  /**
   * Starts a new import. Returns when every record was acknowledged or the import stopped; never
   * throws for a failure of the import itself, which is in {@link ImportResult#error()}. The first
   * token is fetched while the inputs are fingerprinted; an import that cannot get one stops before
   * it journals or sends anything.
   */
  public ImportResult start(
      ImportRequest request, Connector connector, ImportProgress progress, StopSignal stop) {
    return start(request, connector, progress, stop, InputFingerprints.onDemand());
  }

  /**
   * {@link #start(ImportRequest, Connector, ImportProgress, StopSignal)} with the input files'
   * fingerprints from {@code inputs}, which may have read them ahead (see {@link
   * InputFingerprints#inBackground}).
   */
  public ImportResult start(
      ImportRequest request,
      Connector connector,
      ImportProgress progress,
      StopSignal stop,
      InputFingerprints inputs) {
    Run run = new Run(connector, progress, stop);
    try {
      run.prefetchToken();
      ImportPlan plan = ImportPlan.of(request, connector, inputs);
      run.awaitToken();
      JournalHeader header = plan.header(options.idGenerator().get(), run.begin);
      try (ImportJournal journal =
          ImportJournal.create(options.stateDir(), header, options.clock())) {
        return run.execute(plan, journal);
      }
    } catch (ImportException e) {
      return run.failedEarly(Optional.empty(), e, 0, 0);
    } finally {
      run.close();
    }
  }

  /** {@link #resume(String, Connector, ImportProgress, StopSignal)} that nobody stops. */
  public ImportResult resume(String importId, Connector connector, ImportProgress progress) {
    return resume(importId, connector, progress, StopSignal.none());
  }

  /**
   * Finishes an interrupted import: refuses when an input file changed, skips the batches the
   * journal holds and sends the rest with the same idempotency keys (see {@link
   * ImportPlan#resuming}). A token is fetched only when a batch is left to send, so resuming a
   * completed import sends nothing, fetches nothing and is {@link ImportResult#alreadyComplete()}.
   */
  public ImportResult resume(
      String importId, Connector connector, ImportProgress progress, StopSignal stop) {
    return resume(importId, connector, progress, stop, InputFingerprints.onDemand());
  }

  /**
   * {@link #resume(String, Connector, ImportProgress, StopSignal)} with the input files' current
   * fingerprints from {@code inputs}, which may have read them ahead.
   */
  public ImportResult resume(
      String importId,
      Connector connector,
      ImportProgress progress,
      StopSignal stop,
      InputFingerprints inputs) {
    Run run = new Run(connector, progress, stop);
    Optional<String> id = ImportIds.isValid(importId) ? Optional.of(importId) : Optional.empty();
    try (ImportJournal journal =
        ImportJournal.reopen(options.stateDir(), importId, options.clock())) {
      if (journal.isComplete()) {
        return run.alreadyComplete(importId, journal); // nothing to send, so no token either
      }
      ImportPlan plan;
      try {
        plan = ImportPlan.resuming(journal.header(), connector, inputs);
      } catch (ImportException e) {
        return run.failedEarly(id, e, journal.acknowledgedRecords(), journal.acknowledgedBatches());
      }
      return run.execute(plan, journal);
    } catch (ImportException e) {
      if (e.code().equals(ImportErrorCode.IMPORT_LOCKED.name())) {
        // Another process runs the import: its journal's counts, read without the lock, are the
        // import's as far as it is known; this process read and sent nothing.
        try {
          ImportJournal.Contents contents = ImportJournal.inspect(options.stateDir(), importId);
          return run.failedEarly(
              id, e, contents.acknowledgedRecords(), contents.acknowledgedBatches());
        } catch (ImportException unreadable) {
          return run.failedEarly(id, e, 0, 0);
        }
      }
      return run.failedEarly(id, e, 0, 0);
    } finally {
      run.close();
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
      now = ImportPlan.sha256(file);
    } catch (ImportException e) {
      return Optional.empty();
    }
    if (now.equals(header.connectorSha256())) {
      return Optional.empty();
    }
    return Optional.of(
        file
            + ": the connector file changed since the import started; kept from the journal:"
            + " format, batchSize, maxBatchBytes (they decide what each idempotency key covers);"
            + " taken from the file: url, method, concurrency, maxAttempts, reauthenticateOn and"
            + " auth");
  }

  /**
   * Body bytes the reader may hold ahead of the uploads: four batches, at most {@link
   * #MAX_READ_AHEAD_BYTES}, never less than one whole batch. Each batch in flight also holds its
   * encoded body, so the default heap (512 MiB) holds twice this with room to spare.
   */
  static int readAheadBytes(int maxBatchBytes) {
    return Math.max(maxBatchBytes, Math.min(4 * maxBatchBytes, MAX_READ_AHEAD_BYTES));
  }

  /** The state of one run of one import; used by one thread, apart from the noted fields. */
  private final class Run {
    private final Connector connector;
    private final ImportProgress progress;
    private final StopSignal stop;
    private final Instant begin;
    private final long tokensBefore;
    private final AtomicLong tokensReported = new AtomicLong();
    private final ExecutorService tokenThread;
    private CompletableFuture<Void> token;

    Run(Connector connector, ImportProgress progress, StopSignal stop) {
      this.connector = requireNonNull(connector, "connector");
      this.progress = requireNonNull(progress, "progress");
      this.stop = requireNonNull(stop, "stop");
      this.begin = options.clock().instant();
      this.tokensBefore = options.tokenRefreshes().getAsLong();
      // Not the common pool: a token fetch blocks on the network for up to its timeouts.
      this.tokenThread = Executors.newSingleThreadExecutor(daemonThreads("import-first-token"));
    }

    /** Starts fetching the first token on its own thread; the first need of it waits for it. */
    void prefetchToken() {
      if (token == null) {
        token = CompletableFuture.runAsync(() -> connector.auth().credential(), tokenThread);
      }
    }

    /** Waits for the first token; an import asked to stop stops waiting. */
    void awaitToken() {
      prefetchToken();
      while (true) {
        if (stop.isRequested()) {
          throw interruption();
        }
        try {
          token.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
          reportTokens();
          return;
        } catch (TimeoutException e) {
          // look at the stop signal again
        } catch (ExecutionException e) {
          throw firstTokenFailure(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw interruption();
        }
      }
    }

    /** The import's one loop, for a new import and a resume alike. */
    ImportResult execute(ImportPlan plan, ImportJournal journal) {
      String importId = journal.header().importId();
      progress.started(importId, estimate(plan.fingerprints()), journal.acknowledgedRecords());
      AtomicReference<ImportException> failure = new AtomicReference<>();
      ExecutorService workers =
          Executors.newFixedThreadPool(
              plan.settings().concurrency(), daemonThreads(importId + "-upload"));
      Semaphore batchWindow = new Semaphore(plan.settings().concurrency() * 2);
      int byteBudget = readAheadBytes(plan.settings().maxBatchBytes());
      Semaphore byteWindow = new Semaphore(byteBudget);
      BatchUploader uploader =
          new BatchUploader(
              plan.url(), plan.settings(), connector.auth(), importId, options, progress);
      long read = 0;
      boolean sentAny = false;
      int current = -1;
      try {
        reading:
        for (int fileIndex = 0; fileIndex < plan.files().size(); fileIndex++) {
          Path file = plan.files().get(fileIndex);
          current = fileIndex;
          try (RecordReader reader = InputFormat.open(file, plan.settings().maxRecordBytes())) {
            Batcher batcher = new Batcher(reader, fileIndex, file.toString(), plan.settings());
            while (true) {
              if (stopped(failure)) {
                break reading;
              }
              Optional<Batch> next = batcher.next();
              if (next.isEmpty()) {
                Optional<ImportException> changed = changedWhileRead(plan, fileIndex);
                if (changed.isPresent()) {
                  failure.compareAndSet(null, changed.get());
                  break reading;
                }
                break;
              }
              Batch batch = next.get();
              read += batch.records().size();
              if (journal.isAcknowledged(batch.fileIndex(), batch.index())) {
                continue;
              }
              if (!sentAny) {
                awaitToken(); // a resume fetches its token only when a batch is left
                sentAny = true;
              }
              int bytes = (int) Math.min(batch.bodyBytes(plan.settings().format()), byteBudget);
              if (!acquire(batchWindow, 1, failure)) {
                break reading;
              }
              if (!acquire(byteWindow, bytes, failure)) {
                batchWindow.release();
                break reading;
              }
              workers.execute(
                  () ->
                      uploadOne(
                          batch,
                          uploader,
                          journal,
                          failure,
                          () -> {
                            byteWindow.release(bytes);
                            batchWindow.release();
                          }));
            }
          }
        }
        if (failure.get() == null) {
          progress.totalKnown(read);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.compareAndSet(null, interruption());
      } catch (Throwable e) {
        // A file cut short while read ends in a broken record: say that it changed, not that
        // the user's file is malformed.
        Optional<ImportException> changed =
            current < 0 ? Optional.empty() : changedWhileRead(plan, current);
        failure.compareAndSet(
            null, changed.orElseGet(() -> classify(e, "reading the input files", false)));
      } finally {
        workers.shutdown();
        awaitWorkers(workers, uploader, failure);
        uploader.close();
      }
      reportTokens();
      long acknowledged = journal.acknowledgedRecords();
      if (failure.get() == null && acknowledged != read) {
        failure.set(
            new ImportException(
                ImportErrorCode.INCOMPLETE,
                "only "
                    + acknowledged
                    + " of the "
                    + ImportResult.count(read, "record")
                    + " read were acknowledged"));
      }
      if (failure.get() == null) {
        try {
          journal.complete(read); // a later resume then has nothing to do
        } catch (RuntimeException e) {
          failure.compareAndSet(null, classify(e, "recording the import as complete", false));
        }
      }
      ImportResult result =
          new ImportResult(
              Optional.of(importId),
              acknowledged,
              read,
              journal.acknowledgedBatches(),
              uploader.requests(),
              uploader.retries(),
              tokensObtained(),
              Duration.between(begin, options.clock().instant()),
              !sentAny && failure.get() == null && journal.acknowledgedBatches() > 0,
              Optional.ofNullable(failure.get()));
      progress.finished(result);
      return result;
    }

    /**
     * {@code INPUT_CHANGED} when a file no longer has the size or the last-modified time it had
     * when it was fingerprinted: it was cut, grown, rewritten or replaced while it was read, so the
     * records read are not those of the file the journal describes, and success would claim records
     * that were never sent (or were sent altered). Two {@code stat}s per file; a change that keeps
     * both (a rewrite that restores the time) is not seen here, though a resume still refuses it by
     * its SHA-256.
     */
    private static Optional<ImportException> changedWhileRead(ImportPlan plan, int fileIndex) {
      Path file = plan.files().get(fileIndex);
      long sizeBefore = plan.fingerprints().get(fileIndex).size();
      FileTime modifiedBefore = plan.modified().get(fileIndex);
      long size;
      FileTime modified;
      try {
        size = Files.size(file);
        modified = Files.getLastModifiedTime(file);
      } catch (IOException e) {
        return Optional.of(
            new ImportException(
                ImportErrorCode.INPUT_CHANGED,
                file + ": the input file disappeared while it was being imported"));
      }
      if (size != sizeBefore) {
        return Optional.of(
            new ImportException(
                ImportErrorCode.INPUT_CHANGED,
                file
                    + ": the input file changed while it was being imported (it had "
                    + sizeBefore
                    + " bytes when the import started and has "
                    + size
                    + " now); what was read is not that file"));
      }
      if (!modified.equals(modifiedBefore)) {
        return Optional.of(
            new ImportException(
                ImportErrorCode.INPUT_CHANGED,
                file
                    + ": the input file changed while it was being imported (last modified "
                    + modifiedBefore
                    + " when the import started, "
                    + modified
                    + " now); what was read is not that file"));
      }
      return Optional.empty();
    }

    /** Whether the loop must stop reading: a failure, or a stop request (which it records). */
    private boolean stopped(AtomicReference<ImportException> failure) {
      if (stop.isRequested()) {
        recordStop(failure);
      }
      return failure.get() != null;
    }

    /**
     * Records the stop request as the import's outcome, unless another failure came first, and
     * tells the progress display once: from the signal to the summary, the batches in flight may
     * take a while, and the user should see that the request was heard.
     */
    private void recordStop(AtomicReference<ImportException> failure) {
      if (failure.compareAndSet(null, interruption())) {
        progress.stopping();
      }
    }

    /** Takes {@code permits}, looking at the stop signal while it waits; false when stopped. */
    private boolean acquire(Semaphore window, int permits, AtomicReference<ImportException> failure)
        throws InterruptedException {
      while (!window.tryAcquire(permits, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (stopped(failure)) {
          return false;
        }
      }
      return true;
    }

    private void uploadOne(
        Batch batch,
        BatchUploader uploader,
        ImportJournal journal,
        AtomicReference<ImportException> failure,
        Runnable release) {
      try {
        uploader.upload(batch, () -> failure.get() != null);
        journal.acknowledge(batch);
        progress.batchAcknowledged(batch.records().size());
        reportTokens();
      } catch (BatchUploader.Cancelled e) {
        // The import already stopped; this batch was not sent again.
      } catch (Throwable e) {
        // Whatever it is, an Error included, this batch is not acknowledged: the import fails.
        failure.compareAndSet(null, classify(e, "uploading " + batch.describe(), false));
      } finally {
        release.run();
      }
    }

    /**
     * Waits for the uploads. Without a stop request, as long as they take (each is bounded by
     * timeouts and attempts). Once asked to stop, for the grace period; then the batches still in
     * flight are cancelled (connections closed, waits interrupted): they stay unacknowledged and a
     * resume sends them again with the same keys.
     */
    private void awaitWorkers(
        ExecutorService workers, BatchUploader uploader, AtomicReference<ImportException> failure) {
      try {
        while (!workers.awaitTermination(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          if (stop.isRequested()) {
            recordStop(failure);
            if (!workers.awaitTermination(options.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
              uploader.close();
              workers.shutdownNow();
              workers.awaitTermination(options.stopGrace().toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
          }
        }
      } catch (InterruptedException e) {
        workers.shutdownNow();
        Thread.currentThread().interrupt();
        failure.compareAndSet(null, interruption());
      }
    }

    /** A resume of an import whose journal says it completed: sends nothing, fetches nothing. */
    ImportResult alreadyComplete(String importId, ImportJournal journal) {
      ImportResult result =
          new ImportResult(
              Optional.of(importId),
              journal.acknowledgedRecords(),
              journal.completion().map(ImportJournal.Completion::records).orElse(0L),
              journal.acknowledgedBatches(),
              0,
              0,
              0,
              Duration.between(begin, options.clock().instant()),
              true,
              Optional.empty());
      progress.finished(result);
      return result;
    }

    ImportResult failedEarly(
        Optional<String> importId, ImportException error, long records, long batches) {
      ImportResult result =
          new ImportResult(
              importId,
              records,
              records,
              batches,
              0,
              0,
              tokensObtained(),
              Duration.between(begin, options.clock().instant()),
              false,
              Optional.of(error));
      progress.finished(result);
      return result;
    }

    /** Tokens obtained since this run began, from the one counter there is. */
    private long tokensObtained() {
      return Math.max(0, options.tokenRefreshes().getAsLong() - tokensBefore);
    }

    /** Tells progress the count when it grew; thread-safe. */
    private void reportTokens() {
      long now = tokensObtained();
      long before = tokensReported.getAndAccumulate(now, Math::max);
      if (now > before) {
        progress.tokensObtained(now);
      }
    }

    private ImportException firstTokenFailure(Throwable cause) {
      if (cause instanceof AuthException auth) {
        return ImportException.fromAuth("no token to start the import with", auth);
      }
      return classify(cause, "fetching the first token", true);
    }

    /**
     * Any failure as the import's error, naming what was being done: an {@link ImportException} as
     * it is, a token failure with its code, running out of memory as such, a plugin's fault as
     * {@code PLUGIN_FAILURE}, anything else as {@code UNEXPECTED} with the classes of its causes
     * (never their messages, which may quote a response).
     */
    private ImportException classify(Throwable failure, String doing, boolean inPlugin) {
      if (failure instanceof ImportException e) {
        return e;
      }
      if (failure instanceof AuthException e) {
        return ImportException.fromAuth(doing, e);
      }
      if (failure instanceof PluginFailure plugin) {
        // The host's guard already named the plugin (directory, type, version) and the classes.
        return new ImportException(
            ImportErrorCode.PLUGIN_FAILURE, plugin.getMessage() + " " + doing, failure);
      }
      if (failure instanceof OutOfMemoryError) {
        return new ImportException(
            ImportErrorCode.OUT_OF_MEMORY,
            "ran out of memory " + doing + " (" + classes(failure) + ")",
            failure);
      }
      if (inPlugin) {
        return new ImportException(
            ImportErrorCode.PLUGIN_FAILURE,
            "the auth plugin of type '"
                + connector.auth().type()
                + "' failed "
                + doing
                + " ("
                + classes(failure)
                + ")",
            failure);
      }
      return new ImportException(
          ImportErrorCode.UNEXPECTED,
          "unexpected failure " + doing + " (" + classes(failure) + ")",
          failure);
    }

    private ImportException interruption() {
      return new ImportException(
          ImportErrorCode.INTERRUPTED, "the import was interrupted (Ctrl-C or SIGTERM)");
    }

    void close() {
      tokenThread.shutdownNow();
    }
  }

  /** {@code IllegalStateException caused by IOException}: the chain's classes, no messages. */
  static String classes(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.getClass().getName());
    Throwable cause = failure.getCause();
    for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
      text.append(" caused by ").append(cause.getClass().getName());
    }
    return text.toString();
  }

  private static OptionalLong estimate(List<InputFileFingerprint> files) {
    long records = 0;
    for (InputFileFingerprint file : files) {
      Optional<InputFormat> format = InputFormat.forFile(Path.of(file.path()));
      if (format.isEmpty() || format.get() == InputFormat.JSON) {
        return OptionalLong.empty();
      }
      records += format.get() == InputFormat.CSV ? Math.max(0, file.lines() - 1) : file.lines();
    }
    return OptionalLong.of(records);
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
