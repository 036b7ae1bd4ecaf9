package io.customauth.runner.imports;

import static io.customauth.runner.imports.ImportFixtures.connector;
import static io.customauth.runner.imports.ImportFixtures.connectorFile;
import static io.customauth.runner.imports.ImportFixtures.csv;
import static io.customauth.runner.imports.ImportFixtures.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.imports.ImportFixtures.RecordingSleeper;
import io.customauth.runner.imports.ScriptedSink.Action;
import io.customauth.runner.imports.journal.ImportJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportEngineTest {
  @TempDir Path dir;
  private ScriptedSink sink;
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final SequenceTokenStrategy tokens = new SequenceTokenStrategy("tok-");

  @BeforeEach
  void startSink() throws IOException {
    sink = new ScriptedSink();
  }

  @AfterEach
  void stopSink() {
    sink.close();
  }

  private ImportEngine engine() {
    return new ImportEngine(options(dir.resolve("state"), sleeper));
  }

  private ImportResult importFiles(String format, int batchSize, int concurrency, Path... files)
      throws IOException {
    return engine()
        .start(
            new ImportRequest(connectorFile(dir), "acme", List.of(files)),
            connector(tokens, sink.urlTemplate(), format, batchSize, concurrency, 5),
            ImportProgress.NONE);
  }

  private static List<String> ids(String prefix, int rows) {
    return IntStream.rangeClosed(1, rows).mapToObj(i -> prefix + i).sorted().toList();
  }

  @Test
  void sendsEveryRecordInBatchesWithKeyImportIdAndToken() throws IOException {
    Path file = csv(dir, "a.csv", "a", 25);

    ImportResult result = importFiles("json", 10, 2, file);

    assertThat(result.ok()).isTrue();
    assertThat(result.records()).isEqualTo(25);
    assertThat(result.batches()).isEqualTo(3);
    assertThat(sink.acceptedIds()).isEqualTo(ids("a", 25));
    String id = result.importId().orElseThrow();
    assertThat(sink.calls())
        .allSatisfy(
            call -> {
              assertThat(call.headers().getFirst("Authorization")).isEqualTo("Bearer tok-1");
              assertThat(call.headers().getFirst("X-Import-Id")).isEqualTo(id);
              assertThat(call.headers().getFirst("Content-Type")).startsWith("application/json");
            });
    assertThat(sink.acceptedKeys())
        .containsExactlyInAnyOrder(id + "-0-0", id + "-0-1", id + "-0-2");
  }

  @Test
  void batchesNeverSpanFiles() throws IOException {
    Path first = csv(dir, "a.csv", "a", 7);
    Path second = csv(dir, "b.csv", "b", 7);

    ImportResult result = importFiles("json", 5, 1, first, second);

    String id = result.importId().orElseThrow();
    assertThat(sink.acceptedKeys())
        .containsExactlyInAnyOrder(id + "-0-0", id + "-0-1", id + "-1-0", id + "-1-1");
    assertThat(sink.uniqueRecords()).isEqualTo(14);
  }

  @Test
  void ndjsonFormatSendsOneRecordPerLine() throws IOException {
    Path file = csv(dir, "a.csv", "a", 3);

    importFiles("ndjson", 10, 1, file);

    assertThat(sink.calls().get(0).headers().getFirst("Content-Type"))
        .startsWith("application/x-ndjson");
    assertThat(sink.bodies().get(0))
        .isEqualTo(
            "{\"id\":\"a1\",\"name\":\"name 1\"}\n"
                + "{\"id\":\"a2\",\"name\":\"name 2\"}\n"
                + "{\"id\":\"a3\",\"name\":\"name 3\"}\n");
  }

  @Test
  void projectIdIsEncodedAsOnePathSegment() throws IOException {
    Path file = csv(dir, "a.csv", "a", 1);

    engine()
        .start(
            new ImportRequest(connectorFile(dir), "team a/b", List.of(file)),
            connector(tokens, sink.urlTemplate(), "json", 10, 1, 5),
            ImportProgress.NONE);

    assertThat(sink.calls().get(0).path()).isEqualTo("/v1/projects/team%20a%2Fb/records");
  }

  @Test
  void transientFailuresAreRetriedAndEveryRecordArrivesExactlyOnce() throws IOException {
    Path file = csv(dir, "a.csv", "a", 100);
    // Each batch meets a different failure on its first attempts, then succeeds.
    sink.script(
        call -> {
          int batch = Integer.parseInt(call.key().substring(call.key().lastIndexOf('-') + 1));
          if (call.attemptOfKey() == 1) {
            return switch (batch % 5) {
              case 0 -> Action.answer(503);
              case 1 -> Action.answer(429, Map.of("Retry-After", "7"));
              case 2 -> Action.drop();
              case 3 -> Action.acceptThenDrop();
              default -> Action.answer(408);
            };
          }
          return Action.accept();
        });

    ImportResult result = importFiles("json", 10, 3, file);

    assertThat(result.ok()).isTrue();
    assertThat(sink.acceptedIds()).isEqualTo(ids("a", 100));
    assertThat(result.retries()).isEqualTo(10);
    assertThat(result.requests()).isEqualTo(20);
    assertThat(sleeper.waits).contains(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterAsHttpDateIsHonoured() throws IOException {
    Path file = csv(dir, "a.csv", "a", 1);
    sink.script(
        call ->
            call.attemptOfKey() == 1
                ? Action.answer(503, Map.of("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"))
                : Action.accept());

    ImportResult result = importFiles("json", 10, 1, file);

    assertThat(result.ok()).isTrue();
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void aRetryAfterOverTenMinutesStopsTheImportAtOnceSayingUntilWhenAndAcksStay()
      throws IOException {
    Path file = csv(dir, "a.csv", "a", 30);
    sink.script(
        call ->
            call.key().endsWith("-0-1")
                ? Action.answer(429, Map.of("Retry-After", "Fri, 02 Jan 2026 00:00:00 GMT"))
                : Action.accept());

    ImportResult result = importFiles("json", 10, 1, file);

    ImportException error = result.error().orElseThrow();
    assertThat(error.code()).isEqualTo("ENDPOINT_UNAVAILABLE");
    assertThat(error.getMessage())
        .contains("HTTP 429", "until 2026-01-02T00:00:00Z", "lines 12-21");
    assertThat(result.batches()).isEqualTo(1);
    assertThat(sink.calls()).hasSize(2);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void givesUpAfterMaxAttemptsNamingTheLastStatus() throws IOException {
    Path file = csv(dir, "a.csv", "a", 3);
    sink.script(call -> Action.answer(502));

    ImportResult result = importFiles("json", 10, 1, file);

    assertThat(result.ok()).isFalse();
    assertThat(result.error().orElseThrow().code()).isEqualTo("ENDPOINT_UNAVAILABLE");
    assertThat(result.error().orElseThrow().getMessage())
        .contains("after 5 attempts", "HTTP 502", "lines 2-4");
    assertThat(sink.calls()).hasSize(5);
    assertThat(sleeper.waits).hasSize(4);
  }

  @Test
  void a401RefreshesTheTokenOnceAndRetries() throws IOException {
    Path file = csv(dir, "a.csv", "a", 30);
    // The provider revokes tok-1 after two batches.
    sink.script(
        call ->
            call.number() > 2 && "Bearer tok-1".equals(call.headers().getFirst("Authorization"))
                ? Action.answer(401)
                : Action.accept());

    ImportResult result = importFiles("json", 10, 1, file);

    assertThat(result.ok()).isTrue();
    assertThat(tokens.issued()).isEqualTo(2);
    assertThat(tokens.rejections()).isEqualTo(1);
    assertThat(sink.calls()).hasSize(4);
    assertThat(sink.calls().get(3).headers().getFirst("Authorization")).isEqualTo("Bearer tok-2");
    assertThat(sink.acceptedIds()).isEqualTo(ids("a", 30));
  }

  @Test
  void aSecond401ForTheNewTokenStopsWithInvalidCredentials() throws IOException {
    Path file = csv(dir, "a.csv", "a", 30);
    sink.script(call -> Action.answer(401));

    ImportResult result = importFiles("json", 10, 1, file);

    assertThat(result.ok()).isFalse();
    assertThat(result.error().orElseThrow().code()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(sink.calls()).hasSize(2);
    assertThat(tokens.rejections()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void aRedirectIsNotFollowedAndStopsTheImport() throws IOException {
    Path file = csv(dir, "a.csv", "a", 3);
    try (ScriptedSink elsewhere = new ScriptedSink()) {
      String location = elsewhere.urlTemplate().replace("{project}", "acme");
      sink.script(call -> Action.answer(307, Map.of("Location", location)));

      ImportResult result = importFiles("json", 10, 1, file);

      assertThat(result.error().orElseThrow().code()).isEqualTo("ENDPOINT_UNAVAILABLE");
      assertThat(result.error().orElseThrow().getMessage()).contains("HTTP 307", "redirect");
      assertThat(elsewhere.calls()).isEmpty();
    }
  }

  @Test
  void aRejectedBatchStopsTheImportNamingItsLinesAndAcksStayJournaled() throws IOException {
    Path file = csv(dir, "a.csv", "a", 50);
    String badKeySuffix = "-0-2";
    sink.script(call -> call.key().endsWith(badKeySuffix) ? Action.answer(400) : Action.accept());

    ImportResult first = importFiles("json", 10, 1, file);

    assertThat(first.ok()).isFalse();
    ImportException error = first.error().orElseThrow();
    assertThat(error.code()).isEqualTo("UPLOAD_REJECTED");
    assertThat(error.getMessage()).contains("HTTP 400", "batch 2", "a.csv", "lines 22-31");
    assertThat(first.batches()).isEqualTo(2);
    String id = first.importId().orElseThrow();
    ImportJournal.Contents journal =
        ImportJournal.read(ImportJournal.pathFor(dir.resolve("state"), id));
    assertThat(journal.acknowledgedBatches()).isEqualTo(2);

    // The provider fixes its side; the resume sends the rest with the same keys.
    sink.script(call -> Action.accept());
    ImportResult resumed =
        engine()
            .resume(
                id, connector(tokens, sink.urlTemplate(), "json", 10, 1, 5), ImportProgress.NONE);

    assertThat(resumed.ok()).isTrue();
    assertThat(resumed.records()).isEqualTo(50);
    assertThat(sink.acceptedIds()).isEqualTo(ids("a", 50));
    List<String> keys = sink.calls().stream().map(ScriptedSink.Call::key).toList();
    assertThat(keys.stream().filter(k -> k.equals(id + "-0-2")).count()).isEqualTo(2);
    assertThat(keys.stream().distinct().count()).isEqualTo(5);
    assertThat(keys.stream().collect(Collectors.groupingBy(k -> k, Collectors.counting())))
        .allSatisfy(
            (key, count) -> assertThat(count).isLessThanOrEqualTo(key.endsWith("-0-2") ? 2 : 1));
  }

  @Test
  void resumeRefusesWhenAnInputFileChangedAndNamesIt() throws IOException {
    Path file = csv(dir, "a.csv", "a", 30);
    sink.script(call -> call.key().endsWith("-0-1") ? Action.answer(422) : Action.accept());
    ImportResult first = importFiles("json", 10, 1, file);
    Files.writeString(file, "id,name\nchanged,1\n");

    ImportResult resumed =
        engine()
            .resume(
                first.importId().orElseThrow(),
                connector(tokens, sink.urlTemplate(), "json", 10, 1, 5),
                ImportProgress.NONE);

    assertThat(resumed.ok()).isFalse();
    assertThat(resumed.error().orElseThrow().code()).isEqualTo("INPUT_CHANGED");
    assertThat(resumed.error().orElseThrow().getMessage()).contains(file.toString());
    assertThat(sink.calls()).hasSize(2);
  }

  @Test
  void aMalformedRowStopsTheImportBeforeAnythingPastItIsSent() throws IOException {
    StringBuilder text = new StringBuilder("id,name\n");
    for (int i = 1; i <= 20; i++) {
      text.append('a').append(i).append(",x\n");
    }
    text.append("a21,x,surplus\n");
    for (int i = 22; i <= 40; i++) {
      text.append('a').append(i).append(",x\n");
    }
    Path file = Files.writeString(dir.resolve("bad.csv"), text);

    ImportResult result = importFiles("json", 10, 1, file);

    assertThat(result.ok()).isFalse();
    assertThat(result.error().orElseThrow().code()).isEqualTo("INPUT_INVALID");
    assertThat(result.error().orElseThrow().getMessage())
        .contains("bad.csv", "line 22", "more fields than the header");
    // Batches before the bad row may or may not have gone out; nothing from it onwards did.
    assertThat(sink.acceptedIds())
        .isSubsetOf(ids("a", 20))
        .doesNotContainAnyElementsOf(IntStream.rangeClosed(21, 40).mapToObj(i -> "a" + i).toList());
    assertThat(String.join("", sink.bodies())).doesNotContain("\"a21\"", "\"a22\"", "\"a40\"");
  }

  @Test
  void anUnknownImportIdIsAStateError() {
    ImportResult result =
        engine()
            .resume(
                "imp-aaaaaaaaaaaa",
                connector(tokens, sink.urlTemplate(), "json", 10, 1, 5),
                ImportProgress.NONE);

    assertThat(result.error().orElseThrow().code()).isEqualTo("STATE_INVALID");
  }

  @Test
  void jsonSummaryHasTheContractedFields() throws IOException {
    Path file = csv(dir, "a.csv", "a", 5);

    ImportResult result = importFiles("json", 10, 1, file);

    assertThat(result.toJsonString())
        .matches(
            "\\{\"ok\":true,\"importId\":\"imp-[a-z2-7]{12}\",\"records\":5,\"batches\":1,"
                + "\"requests\":1,\"retries\":0,\"tokenRefreshes\":0,\"durationMs\":\\d+,"
                + "\"recordsRead\":5}");
  }
}
