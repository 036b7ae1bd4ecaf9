package io.customauth.runner.imports;

import static io.customauth.runner.imports.ImportFixtures.connector;
import static io.customauth.runner.imports.ImportFixtures.connectorFile;
import static io.customauth.runner.imports.ImportFixtures.csv;
import static io.customauth.runner.imports.ImportFixtures.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.cli.ExitCodes;
import io.customauth.runner.imports.ImportFixtures.RecordingSleeper;
import io.customauth.runner.imports.ScriptedSink.Action;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Success means every record read was acknowledged: any failure inside an import, whatever its
 * kind, stops it as failed and names what it was doing; a resume says when there was nothing left.
 */
class ImportFaultsTest {
  @TempDir Path dir;
  private ScriptedSink sink;

  @BeforeEach
  void startSink() throws IOException {
    sink = new ScriptedSink();
  }

  @AfterEach
  void stopSink() {
    sink.close();
  }

  private ImportEngine engine() {
    return new ImportEngine(options(dir.resolve("state"), new RecordingSleeper()));
  }

  static Stream<Arguments> throwables() {
    return Stream.of(
        Arguments.of("OutOfMemoryError", (Supplier<Throwable>) () -> new OutOfMemoryError("heap")),
        Arguments.of("StackOverflowError", (Supplier<Throwable>) StackOverflowError::new),
        Arguments.of("NoClassDefFoundError", (Supplier<Throwable>) NoClassDefFoundError::new),
        Arguments.of("IllegalStateException", (Supplier<Throwable>) IllegalStateException::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("throwables")
  void anyThrowableUploadingTheThirdBatchFailsTheImportNamingTheBatch(
      String kind, Supplier<Throwable> failure) throws IOException {
    Path file = csv(dir, "a.csv", "a", 50);

    ImportResult result =
        engine()
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file)),
                connector(new FailingStrategy(3, failure), sink.urlTemplate(), "json", 10, 1, 5),
                ImportProgress.NONE);

    assertThat(result.ok()).isFalse();
    assertThat(result.toJson().get("ok").asBoolean()).isFalse();
    assertThat(ExitCodes.of(result)).isEqualTo(4);
    assertThat(result.records()).isEqualTo(20);
    assertThat(result.recordsRead()).isGreaterThan(20);
    assertThat(result.error().orElseThrow().getMessage())
        .contains("batch 2 of " + file, "lines 22-31", kind);
    assertThat(sink.uniqueRecords()).isEqualTo(20);
  }

  @Test
  void runningOutOfMemoryIsItsOwnCodeAndCanBeResumed() throws IOException {
    Path file = csv(dir, "a.csv", "a", 50);

    ImportResult result =
        engine()
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file)),
                connector(
                    new FailingStrategy(3, () -> new OutOfMemoryError("heap")),
                    sink.urlTemplate(),
                    "json",
                    10,
                    1,
                    5),
                ImportProgress.NONE);

    assertThat(result.error().orElseThrow().code()).isEqualTo("OUT_OF_MEMORY");
    assertThat(result.resumable()).isTrue();
    // How far the reader got before the failure stopped it depends on timing; the count
    // acknowledged does not.
    assertThat(result.summaryLine()).containsPattern("[345]0 records read, 20 acknowledged");
  }

  @Test
  void aPluginFailingItsFirstTokenIsAPluginFailureNotACompletionException() throws IOException {
    Path file = csv(dir, "a.csv", "a", 5);

    ImportResult result =
        engine()
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file)),
                connector(
                    new FailingStrategy(0, IllegalStateException::new).failingCredential(),
                    sink.urlTemplate(),
                    "json",
                    10,
                    1,
                    5),
                ImportProgress.NONE);

    ImportException error = result.error().orElseThrow();
    assertThat(error.code()).isEqualTo("PLUGIN_FAILURE");
    assertThat(error.getMessage())
        .contains("test-failing", "first token", "IllegalStateException")
        .doesNotContain("CompletionException");
    assertThat(result.resumable()).isFalse();
    assertThat(sink.calls()).isEmpty();
  }

  @Test
  void theSameFileTwiceThroughALinkIsRefusedBeforeAnythingIsSent() throws IOException {
    Path file = csv(dir, "a.csv", "a", 5);
    Path link = Files.createSymbolicLink(dir.resolve("link.csv"), file);

    ImportResult result =
        engine()
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file, link)),
                connector(new SequenceTokenStrategy("tok-"), sink.urlTemplate(), "json", 10, 1, 5),
                ImportProgress.NONE);

    assertThat(result.error().orElseThrow().code()).isEqualTo("INPUT_INVALID");
    assertThat(result.error().orElseThrow().getMessage()).contains("link.csv", "the same file as");
    assertThat(sink.calls()).isEmpty();
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void resumingACompletedImportSaysSoSendsNothingAndFetchesNoToken() throws IOException {
    Path file = csv(dir, "a.csv", "a", 25);
    ImportResult first =
        engine()
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file)),
                connector(new SequenceTokenStrategy("tok-"), sink.urlTemplate(), "json", 10, 1, 5),
                ImportProgress.NONE);
    SequenceTokenStrategy tokens = new SequenceTokenStrategy("tok-");

    ImportResult again =
        engine()
            .resume(
                first.importId().orElseThrow(),
                connector(tokens, sink.urlTemplate(), "json", 10, 1, 5),
                ImportProgress.NONE);

    assertThat(again.ok()).isTrue();
    assertThat(again.alreadyComplete()).isTrue();
    assertThat(again.records()).isEqualTo(25);
    assertThat(again.requests()).isZero();
    assertThat(tokens.issued()).isZero();
    assertThat(sink.calls()).hasSize(3);
    assertThat(again.summaryLine())
        .contains("already complete", "25 records read, 25 acknowledged");
  }

  @Test
  void aResumeRefusedForAChangedInputReportsTheJournalsCounts() throws IOException {
    Path file = csv(dir, "a.csv", "a", 30);
    sink.script(call -> call.key().endsWith("-0-2") ? Action.answer(422) : Action.accept());
    ImportResult first =
        engine()
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file)),
                connector(new SequenceTokenStrategy("tok-"), sink.urlTemplate(), "json", 10, 1, 5),
                ImportProgress.NONE);
    Files.writeString(file, "id,name\nchanged,1\n");

    ImportResult resumed =
        engine()
            .resume(
                first.importId().orElseThrow(),
                connector(new SequenceTokenStrategy("tok-"), sink.urlTemplate(), "json", 10, 1, 5),
                ImportProgress.NONE);

    assertThat(resumed.error().orElseThrow().code()).isEqualTo("INPUT_CHANGED");
    assertThat(resumed.records()).isEqualTo(20);
    assertThat(resumed.batches()).isEqualTo(2);
  }

  @Test
  void anImportAskedToStopBeforeItsFirstTokenSendsNothingAndIsInterrupted() throws IOException {
    Path file = csv(dir, "a.csv", "a", 5);
    StopSignal stop = new StopSignal();
    stop.request();

    ImportResult result =
        engine()
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file)),
                connector(new SequenceTokenStrategy("tok-"), sink.urlTemplate(), "json", 10, 1, 5),
                ImportProgress.NONE,
                stop);

    assertThat(result.interrupted()).isTrue();
    assertThat(ExitCodes.of(result)).isEqualTo(130);
    assertThat(sink.calls()).isEmpty();
  }

  @Test
  void batchesCancelledAfterTheStopGraceAreNeitherRetriedNorCountedAsRetries() throws Exception {
    Path file = csv(dir, "a.csv", "a", 20);
    ImportRequest request = new ImportRequest(connectorFile(dir), "p", List.of(file));
    StopSignal stop = new StopSignal();
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    // The receiver holds every answer until the test ends: the stop grace always runs out.
    sink.script(
        call -> {
          try {
            answer.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Action.accept();
        });
    List<String> retrying = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger stopping =
        new java.util.concurrent.atomic.AtomicInteger();
    ImportProgress progress =
        new ImportProgress() {
          @Override
          public void retrying(String batch, int attempt, String reason, java.time.Duration wait) {
            retrying.add(batch + ": " + reason);
          }

          @Override
          public void stopping() {
            stopping.incrementAndGet();
          }
        };
    ImportEngine engine =
        new ImportEngine(
            options(dir.resolve("state"), new RecordingSleeper())
                .withStopGrace(java.time.Duration.ofMillis(200)));
    try {
      java.util.concurrent.CompletableFuture<ImportResult> running =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () ->
                  engine.start(
                      request,
                      connector(
                          new SequenceTokenStrategy("tok-"), sink.urlTemplate(), "json", 5, 2, 5),
                      progress,
                      stop));
      org.awaitility.Awaitility.await().until(() -> sink.calls().size() == 2);
      stop.request();
      ImportResult result = running.get(30, java.util.concurrent.TimeUnit.SECONDS);

      assertThat(result.interrupted()).isTrue();
      List<ScriptedSink.Call> calls = sink.calls();
      long resent = calls.size() - calls.stream().map(ScriptedSink.Call::key).distinct().count();
      assertThat(result.retries()).isEqualTo(resent).isZero();
      assertThat(result.requests()).isEqualTo(calls.size());
      assertThat(result.toJsonString()).contains("\"requests\":2,\"retries\":0");
      assertThat(retrying).isEmpty();
      assertThat(stopping)
          .as("the stop is reported once, by whichever thread noticed it")
          .hasValue(1);
    } finally {
      answer.countDown();
    }
  }

  /** How an input file is changed while the import reads it (at the first upload request). */
  enum Change {
    CUT_AT_A_LINE_END,
    CUT_INSIDE_A_LINE,
    APPENDED_TO,
    DELETED,
    REWRITTEN_IN_PLACE_AT_THE_SAME_SIZE,
    CUT_AND_GROWN_BACK_TO_THE_SAME_SIZE,
    REPLACED_BY_A_FILE_OF_THE_SAME_SIZE;

    boolean keepsTheSize() {
      return ordinal() >= REWRITTEN_IN_PLACE_AT_THE_SAME_SIZE.ordinal();
    }
  }

  private static void change(Path file, Change change) {
    try {
      long size = Files.size(file);
      switch (change) {
        case CUT_AT_A_LINE_END, CUT_INSIDE_A_LINE -> {
          byte[] bytes = Files.readAllBytes(file);
          int cut = (int) (size / 2);
          while (bytes[cut - 1] != '\n') {
            cut--;
          }
          if (change == Change.CUT_INSIDE_A_LINE) {
            cut += 3;
          }
          try (java.nio.channels.FileChannel channel =
              java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(cut);
          }
        }
        case APPENDED_TO ->
            Files.writeString(file, "late,row\n", java.nio.file.StandardOpenOption.APPEND);
        case DELETED -> Files.delete(file);
        case REWRITTEN_IN_PLACE_AT_THE_SAME_SIZE -> {
          try (java.nio.channels.FileChannel channel =
              java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap("X".getBytes()), size - 5);
          }
        }
        case CUT_AND_GROWN_BACK_TO_THE_SAME_SIZE -> {
          try (java.nio.channels.FileChannel channel =
              java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size - 1000);
            channel.write(java.nio.ByteBuffer.allocate(1000), size - 1000);
          }
        }
        case REPLACED_BY_A_FILE_OF_THE_SAME_SIZE -> {
          byte[] bytes = Files.readAllBytes(file);
          bytes[bytes.length - 5] = 'X';
          Path replacement = file.resolveSibling("replacement.tmp");
          Files.write(replacement, bytes);
          Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("changes")
  void anInputFileChangedWhileItIsReadFailsTheImportAsChangedNeverAsSuccess(
      String format, Change change) throws IOException {
    // Far more than the reader holds ahead of the uploads (two batches, plus its buffers), so
    // the change happens while the file is still being read.
    int rows = 100_000;
    Path file =
        format.equals("csv")
            ? csv(dir, "big.csv", "r", rows)
            : Files.writeString(
                dir.resolve("big.ndjson"),
                java.util.stream.IntStream.rangeClosed(1, rows)
                    .mapToObj(i -> "{\"id\":\"r" + i + "\",\"name\":\"name " + i + "\"}\n")
                    .collect(java.util.stream.Collectors.joining()));
    // Written long ago as far as its time says, so that any change moves it whatever the file
    // system's time granularity.
    Files.setLastModifiedTime(
        file,
        java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2020-01-01T00:00:00Z")));
    long sizeAtStart = Files.size(file);
    java.util.concurrent.atomic.AtomicBoolean changed =
        new java.util.concurrent.atomic.AtomicBoolean();
    sink.script(
        call -> {
          if (changed.compareAndSet(false, true)) {
            change(file, change);
          }
          return Action.accept();
        });

    ImportResult result =
        engine()
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file)),
                connector(
                    new SequenceTokenStrategy("tok-"), sink.urlTemplate(), "json", 10_000, 1, 5),
                ImportProgress.NONE);

    assertThat(changed).isTrue();
    assertThat(result.ok()).isFalse();
    assertThat(result.error().orElseThrow().code()).isEqualTo("INPUT_CHANGED");
    assertThat(result.error().orElseThrow().getMessage()).contains(file.toString());
    if (change.keepsTheSize()) {
      assertThat(result.error().orElseThrow().getMessage())
          .contains("last modified 2020-01-01T00:00:00Z when the import started");
    } else if (change != Change.DELETED) {
      assertThat(result.error().orElseThrow().getMessage())
          .contains(sizeAtStart + " bytes when the import started", Files.size(file) + " now");
    }
    assertThat(ExitCodes.of(result)).isNotZero();
    assertThat(result.records()).isLessThanOrEqualTo(result.recordsRead());
    assertThat(sink.uniqueRecords()).isEqualTo((int) result.records());
  }

  static Stream<Arguments> changes() {
    return Stream.of("csv", "ndjson")
        .flatMap(format -> Stream.of(Change.values()).map(c -> Arguments.of(format, c)));
  }

  @Test
  void progressAndSummaryShowTheSameTokenCount() throws IOException {
    Path file = csv(dir, "a.csv", "a", 30);
    java.util.concurrent.atomic.AtomicLong shown = new java.util.concurrent.atomic.AtomicLong(-1);
    SequenceTokenStrategy tokens = new SequenceTokenStrategy("tok-");
    // The provider revokes tok-1 after the first batch: two tokens obtained in all.
    sink.script(
        call ->
            call.number() > 1 && "Bearer tok-1".equals(call.headers().getFirst("Authorization"))
                ? Action.answer(401)
                : Action.accept());

    ImportResult result =
        new ImportEngine(
                options(dir.resolve("state"), new RecordingSleeper())
                    .withTokenRefreshes(tokens::issued))
            .start(
                new ImportRequest(connectorFile(dir), "p", List.of(file)),
                connector(tokens, sink.urlTemplate(), "json", 10, 1, 5),
                new ImportProgress() {
                  @Override
                  public void tokensObtained(long count) {
                    shown.set(count);
                  }
                });

    assertThat(result.tokenRefreshes()).isEqualTo(2);
    assertThat(shown.get()).isEqualTo(result.tokenRefreshes());
  }

  @Test
  void projectIdsThatAreDotSegmentsOrHoldControlCharactersAreRefused() {
    for (String id : List.of(".", "..", "a\nb", "tab\there", "del\u007f")) {
      assertThat(ImportRequest.projectIdProblem(id)).as(id).isPresent();
    }
    for (String id : List.of("...", "a.b", "team a/b", "ünïcode")) {
      assertThat(ImportRequest.projectIdProblem(id)).as(id).isEmpty();
    }
  }
}
