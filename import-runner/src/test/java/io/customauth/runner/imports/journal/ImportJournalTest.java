package io.customauth.runner.imports.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.batch.Batch;
import io.customauth.runner.imports.input.ContentDigest;
import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.input.InputRecord;
import io.customauth.runner.imports.upload.PayloadFormat;
import io.customauth.runner.imports.upload.UploadSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportJournalTest {
  private static final String ID = "imp-abcdefgh2345";
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  @TempDir Path dir;

  static JournalHeader header() {
    return new JournalHeader(
        ID,
        Instant.parse("2026-01-01T00:00:00Z"),
        "/conn.json",
        "00ff",
        "p",
        List.of(
            new InputFileFingerprint("/in.csv", 10, "crc32c:0000abcd", 3),
            new InputFileFingerprint("/more.csv", 10, "crc32c:0000ef01", 3)),
        new UploadSettings("POST", PayloadFormat.JSON, 10, 2, 5));
  }

  static Batch batch(int file, long index) {
    return new Batch(
        file, "in.csv", index, List.of(new InputRecord(2 + index * 10, new byte[] {'{', '}'})));
  }

  private Path path() {
    return ImportJournal.pathFor(dir, ID);
  }

  /** A journal holding acknowledgements of batches 0 to {@code count - 1} of file 0. */
  private void journalWithAcks(int count) {
    try (ImportJournal journal = ImportJournal.create(dir, header(), CLOCK)) {
      for (int i = 0; i < count; i++) {
        journal.acknowledge(batch(0, i));
      }
    }
  }

  private List<String> lines() throws IOException {
    return new ArrayList<>(Files.readAllLines(path(), StandardCharsets.UTF_8));
  }

  private void writeLines(List<String> lines) throws IOException {
    Files.writeString(path(), String.join("\n", lines) + "\n");
  }

  private static String framed(ObjectNode node) {
    return new String(JournalCodec.encode(node), StandardCharsets.UTF_8).stripTrailing();
  }

  @Test
  void acknowledgedBatchesSurviveReopening() {
    journalWithAcks(2);

    try (ImportJournal journal = ImportJournal.reopen(dir, ID)) {
      assertThat(journal.header()).isEqualTo(header());
      assertThat(journal.isAcknowledged(0, 0)).isTrue();
      assertThat(journal.isAcknowledged(0, 1)).isTrue();
      assertThat(journal.isAcknowledged(0, 2)).isFalse();
      assertThat(journal.isAcknowledged(1, 0)).isFalse();
      assertThat(journal.acknowledgedRecords()).isEqualTo(2);
      assertThat(journal.warnings()).isEmpty();
    }
  }

  @Test
  void aBatchAcknowledgedTwiceIsWrittenAndCountedOnce() throws IOException {
    try (ImportJournal journal = ImportJournal.create(dir, header())) {
      journal.acknowledge(batch(0, 0));
      journal.acknowledge(batch(0, 0));

      assertThat(journal.acknowledgedBatches()).isEqualTo(1);
    }
    assertThat(lines()).hasSize(2);
  }

  @Test
  void aTornLastLineIsIgnoredAndCutOffBeforeAppending() throws IOException {
    journalWithAcks(1);
    Files.writeString(path(), "1234abcd {\"type\":\"ack\",\"fi", StandardOpenOption.APPEND);

    try (ImportJournal journal = ImportJournal.reopen(dir, ID)) {
      assertThat(journal.acknowledgedBatches()).isEqualTo(1);
      assertThat(journal.warnings()).as("a torn tail is what a crash leaves").isEmpty();
      journal.acknowledge(batch(0, 1));
    }

    try (ImportJournal journal = ImportJournal.reopen(dir, ID)) {
      assertThat(journal.isAcknowledged(0, 1)).isTrue();
      assertThat(journal.acknowledgedBatches()).isEqualTo(2);
    }
    assertThat(lines()).hasSize(3).allMatch(line -> line.matches("[0-9a-f]{8} \\{.*}"));
  }

  @Test
  void aLastLineWithABadChecksumIsIgnored() throws IOException {
    journalWithAcks(1);
    String text = Files.readString(path());
    // Flip the batch number of the last line without fixing its checksum.
    Files.writeString(path(), text.replace("\"batch\":0", "\"batch\":7"));

    ImportJournal.Contents contents = ImportJournal.read(path());

    assertThat(contents.acknowledgedBatches()).isZero();
    assertThat(contents.warnings()).isEmpty();
  }

  @Test
  void aDamagedLineBeforeTheEndIsSkippedWithAWarningAndOnlyItsBatchIsLost() throws IOException {
    journalWithAcks(3);
    String text = Files.readString(path());
    Files.writeString(path(), text.replaceFirst("\"batch\":0", "\"batch\":9"));

    try (ImportJournal journal = ImportJournal.reopen(dir, ID)) {
      assertThat(journal.isAcknowledged(0, 0)).isFalse();
      assertThat(journal.isAcknowledged(0, 1)).isTrue();
      assertThat(journal.isAcknowledged(0, 2)).isTrue();
      assertThat(journal.acknowledgedBatches()).isEqualTo(2);
      assertThat(journal.warnings())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains(path().toString(), "line 2 is damaged", "checksum", "same idempotency key");
      journal.acknowledge(batch(0, 0));
    }

    ImportJournal.Contents after = ImportJournal.read(path());
    assertThat(after.acknowledgedBatches()).isEqualTo(3);
    assertThat(after.damagedLines()).isEqualTo(1);
  }

  @Test
  void garbageAZeroFilledHoleAndAnOverlongLineInTheMiddleAreSkipped() throws IOException {
    journalWithAcks(4);
    List<String> lines = lines();
    lines.set(1, "garbage");
    lines.set(2, "\0".repeat(40) + lines.get(2).substring(20));
    lines.set(3, "x".repeat(JournalReader.MAX_ENTRY_BYTES + 10));
    writeLines(lines);

    ImportJournal.Contents contents = ImportJournal.read(path());

    assertThat(contents.acknowledgedBatches()).isEqualTo(1);
    assertThat(contents.damagedLines()).isEqualTo(3);
    assertThat(contents.warnings())
        .hasSize(3)
        .anySatisfy(w -> assertThat(w).contains("line 2", "no checksum"))
        .anySatisfy(w -> assertThat(w).contains("line 3"))
        .anySatisfy(w -> assertThat(w).contains("line 4", "longer than any journal line"));
  }

  @Test
  void anAcknowledgementNamingNoBatchOfTheImportIsSkipped() throws IOException {
    journalWithAcks(1);
    ObjectNode alien = JournalFormat.ack(batch(0, 1)).put("file", 7);
    List<String> lines = lines();
    lines.add(1, framed(alien));
    writeLines(lines);

    ImportJournal.Contents contents = ImportJournal.read(path());

    assertThat(contents.acknowledgedBatches()).isEqualTo(1);
    assertThat(contents.warnings())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("line 2", "names no batch of this import");
  }

  @Test
  void anEntryOfAnUnknownTypeIsSkipped() throws IOException {
    journalWithAcks(1);
    List<String> lines = lines();
    lines.add(1, framed(new ObjectMapper().createObjectNode().put("type", "pause")));
    writeLines(lines);

    assertThat(ImportJournal.read(path()).warnings())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("line 2", "unknown type 'pause'");
  }

  @Test
  void manyDamagedLinesAreCountedAndOnlyTheFirstFewNamed() throws IOException {
    journalWithAcks(1);
    List<String> lines = lines();
    for (int i = 0; i < 20; i++) {
      lines.add(1, "damaged " + i);
    }
    writeLines(lines);

    ImportJournal.Contents contents = ImportJournal.read(path());

    assertThat(contents.damagedLines()).isEqualTo(20);
    assertThat(contents.warnings()).hasSize(6);
    assertThat(contents.warnings().get(5)).contains("15 more damaged lines", "20 in all");
  }

  @Test
  void aDamagedHeaderIsRefused() throws IOException {
    journalWithAcks(1);
    Files.writeString(path(), Files.readString(path()).replaceFirst("\"project\":\"p\"", "\"x\""));

    assertThatThrownBy(() -> ImportJournal.reopen(dir, ID))
        .isInstanceOfSatisfying(
            ImportException.class, e -> assertThat(e.code()).isEqualTo("STATE_INVALID"))
        .hasMessageContaining("header (line 1) is damaged")
        .hasMessageContaining("start a new import");
  }

  @Test
  void aJournalThatDoesNotStartWithAHeaderIsRefused() throws IOException {
    journalWithAcks(1);
    List<String> lines = lines();
    lines.remove(0);
    writeLines(lines);

    assertThatThrownBy(() -> ImportJournal.read(path()))
        .isInstanceOfSatisfying(
            ImportException.class, e -> assertThat(e.code()).isEqualTo("STATE_INVALID"))
        .hasMessageContaining("line 1 is not a journal header");
  }

  @Test
  void anEmptyJournalIsRefused() throws IOException {
    Files.createFile(path());

    assertThatThrownBy(() -> ImportJournal.reopen(dir, ID))
        .isInstanceOfSatisfying(
            ImportException.class, e -> assertThat(e.code()).isEqualTo("STATE_INVALID"))
        .hasMessageContaining("the journal is empty");
  }

  @Test
  void aJournalOfANewerVersionIsRefusedNamingBothVersions() throws IOException {
    journalWithAcks(1);
    List<String> lines = lines();
    lines.set(0, framed(JournalFormat.header(header()).put("version", 4)));
    writeLines(lines);

    assertThatThrownBy(() -> ImportJournal.reopen(dir, ID))
        .isInstanceOfSatisfying(
            ImportException.class, e -> assertThat(e.code()).isEqualTo("STATE_INVALID"))
        .hasMessageContaining("version 4")
        .hasMessageContaining("reads versions 1 to 3");
  }

  @Test
  void newJournalsRecordEachFilesDigestWithItsAlgorithm() throws IOException {
    journalWithAcks(0);

    String line = lines().get(0);
    JsonNode header = new ObjectMapper().readTree(line.substring(line.indexOf(' ') + 1));
    assertThat(header.path("version").asInt()).isEqualTo(3);
    assertThat(header.path("files").get(0).path("digest").asText()).isEqualTo("crc32c:0000abcd");
    assertThat(header.path("files").get(0).has("sha256")).isFalse();
  }

  @Test
  void aJournalOfAnEarlierVersionKeepsItsSha256AsTheDigest() throws IOException {
    journalWithAcks(1);
    List<String> lines = lines();
    ObjectNode old = JournalFormat.header(header()).put("version", 2);
    for (JsonNode file : old.withArray("files")) {
      ((ObjectNode) file).remove("digest");
      ((ObjectNode) file)
          .put("sha256", "1d1c91d15ace6e21ea5f551e16e717f326992bdf800f6696628859be29b906bf");
    }
    lines.set(0, framed(old));
    writeLines(lines);

    JournalHeader read = ImportJournal.readHeader(dir, ID);
    assertThat(read.files())
        .extracting(InputFileFingerprint::digest)
        .containsOnly("sha256:1d1c91d15ace6e21ea5f551e16e717f326992bdf800f6696628859be29b906bf");
    assertThat(read.files().get(0).algorithm()).isEqualTo(ContentDigest.SHA256);
  }

  @Test
  void aDamagedDigestIsReportedAsSuchNotAsAChangedInput() throws IOException {
    Map<JsonNode, String> cases = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    cases.put(json.getNodeFactory().textNode("blake3:00"), "names no algorithm this runner knows");
    cases.put(json.getNodeFactory().textNode("CRC32C:0000abcd"), "names no algorithm");
    cases.put(json.getNodeFactory().textNode("crc32c"), "is not a crc32c digest");
    cases.put(json.getNodeFactory().textNode("crc32c:"), "is not a crc32c digest");
    cases.put(json.getNodeFactory().textNode("crc32c:0000abcg"), "is not a crc32c digest");
    cases.put(json.getNodeFactory().textNode("crc32c:0000ABCD"), "is not a crc32c digest");
    cases.put(json.getNodeFactory().textNode("sha256:abcd"), "is not a sha256 digest");
    cases.put(json.getNodeFactory().textNode(""), "names no algorithm");
    cases.put(json.getNodeFactory().numberNode(12), "is missing");
    cases.put(json.getNodeFactory().nullNode(), "is missing");
    cases.put(json.createObjectNode(), "is missing");
    journalWithAcks(1);
    List<String> original = lines();
    for (Map.Entry<JsonNode, String> entry : cases.entrySet()) {
      ObjectNode header = JournalFormat.header(header());
      ((ObjectNode) header.withArray("files").get(1)).set("digest", entry.getKey());
      List<String> lines = new ArrayList<>(original);
      lines.set(0, framed(header));
      writeLines(lines);

      assertThatThrownBy(() -> ImportJournal.reopen(dir, ID))
          .as("%s", entry.getKey())
          .isInstanceOfSatisfying(
              ImportException.class, e -> assertThat(e.code()).isEqualTo("STATE_INVALID"))
          .hasMessageContaining("line 1: the digest of input file 2 ")
          .hasMessageContaining(entry.getValue())
          .hasMessageContaining("start a new one");
    }
    ObjectNode header = JournalFormat.header(header());
    ((ObjectNode) header.withArray("files").get(0)).remove("digest");
    List<String> lines = new ArrayList<>(original);
    lines.set(0, framed(header));
    writeLines(lines);
    assertThatThrownBy(() -> ImportJournal.reopen(dir, ID))
        .hasMessageContaining("the digest of input file 1 is missing");
  }

  @Test
  void aVersionOneJournalIsStillRead() throws IOException {
    journalWithAcks(1);
    List<String> lines = lines();
    lines.set(0, framed(JournalFormat.header(header()).put("version", 1)));
    writeLines(lines);

    assertThat(ImportJournal.read(path()).acknowledgedBatches()).isEqualTo(1);
  }

  /** Header and acknowledgements of batches 0 to {@code count - 1} of file 0, written unforced. */
  private void writeJournalOf(int count) throws IOException {
    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(path()))) {
      out.write(JournalCodec.encode(JournalFormat.header(header())));
      for (int i = 0; i < count; i++) {
        out.write(JournalCodec.encode(JournalFormat.ack(batch(0, i))));
      }
    }
  }

  @Test
  void reopeningAHundredThousandAcknowledgementsKeepsOnlyAWatermark() throws IOException {
    writeJournalOf(100_000);

    try (ImportJournal journal = ImportJournal.reopen(dir, ID)) {
      assertThat(journal.acknowledgedBatches()).isEqualTo(100_000);
      assertThat(journal.isAcknowledged(0, 99_999)).isTrue();
      assertThat(journal.isAcknowledged(0, 100_000)).isFalse();
      assertThat(journal.outOfOrderRanges()).isZero();
    }
  }

  @Test
  void aSkippedLineCostsOneRangeUntilItsBatchIsAcknowledgedAgain() throws IOException {
    writeJournalOf(10_000);
    List<String> lines = lines();
    lines.set(1, "damaged");
    writeLines(lines);

    try (ImportJournal journal = ImportJournal.reopen(dir, ID)) {
      assertThat(journal.outOfOrderRanges()).isEqualTo(1);
      assertThat(journal.acknowledgedBatches()).isEqualTo(9_999);

      journal.acknowledge(batch(0, 0));

      assertThat(journal.outOfOrderRanges()).isZero();
      assertThat(journal.acknowledgedBatches()).isEqualTo(10_000);
    }
  }

  @Test
  void aCrashDuringAGroupCommitLosesOnlyTheLinesNotYetFlushed() throws IOException {
    journalWithAcks(3);
    // What a crash can leave of three appends flushed together: the first never reached the disk
    // (a hole of zeros running into the next line), the second did, the third only in part.
    byte[] hole = new byte[JournalCodec.encode(JournalFormat.ack(batch(0, 3))).length];
    byte[] landed = JournalCodec.encode(JournalFormat.ack(batch(0, 4)));
    byte[] torn = JournalCodec.encode(JournalFormat.ack(batch(0, 5)));
    Files.write(path(), hole, StandardOpenOption.APPEND);
    Files.write(path(), landed, StandardOpenOption.APPEND);
    Files.write(path(), java.util.Arrays.copyOf(torn, 12), StandardOpenOption.APPEND);

    try (ImportJournal journal = ImportJournal.reopen(dir, ID)) {
      assertThat(journal.isAcknowledged(0, 0)).isTrue();
      assertThat(journal.isAcknowledged(0, 1)).isTrue();
      assertThat(journal.isAcknowledged(0, 2)).isTrue();
      assertThat(journal.isAcknowledged(0, 3)).isFalse();
      assertThat(journal.isAcknowledged(0, 4)).isTrue();
      assertThat(journal.isAcknowledged(0, 5)).isFalse();
      assertThat(journal.warnings()).as("lost unflushed lines are no damage").isEmpty();
      journal.acknowledge(batch(0, 3));
      journal.acknowledge(batch(0, 5));
    }
    assertThat(ImportJournal.read(path()).acknowledgedBatches()).isEqualTo(6);
  }

  @Test
  void acknowledgementsFromManyThreadsAtOnceAreAllWrittenAsWholeLines() throws Exception {
    int threads = 8;
    int perThread = 25;
    try (ImportJournal journal = ImportJournal.create(dir, header())) {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * perThread;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = first; i < first + perThread; i++) {
                    journal.acknowledge(batch(i % 2, i));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> future : done) {
        future.get();
      }
      pool.shutdown();
    }

    ImportJournal.Contents contents = ImportJournal.read(path());
    assertThat(contents.acknowledgedBatches()).isEqualTo(threads * perThread);
    assertThat(contents.warnings()).isEmpty();
    assertThat(lines())
        .hasSize(1 + threads * perThread)
        .allMatch(line -> line.matches("[0-9a-f]{8} \\{.*}"));
  }

  @Test
  void everyLineCarriesItsChecksum() throws IOException {
    journalWithAcks(1);

    assertThat(lines()).hasSize(2).allMatch(line -> line.matches("[0-9a-f]{8} \\{.*}"));
  }

  @Test
  void anIdThatIsNotAnImportIdCannotNameAPath() {
    assertThatThrownBy(() -> ImportJournal.pathFor(dir, "../etc/passwd"))
        .hasMessageContaining("is not an import id");
  }

  @Test
  void completionIsRecordedWithItsTotalsAndSurvivesReopening() {
    try (ImportJournal journal = ImportJournal.create(dir, header(), CLOCK)) {
      journal.acknowledge(batch(0, 0));
      journal.acknowledge(batch(1, 0));
      assertThat(journal.isComplete()).isFalse();

      journal.complete(2);

      assertThat(journal.isComplete()).isTrue();
    }

    try (ImportJournal journal = ImportJournal.reopen(dir, ID)) {
      assertThat(journal.completion())
          .contains(new ImportJournal.Completion(2, 2, NOW))
          .isEqualTo(ImportJournal.read(path()).completion());
    }
  }

  @Test
  void completionIsRefusedWhileRecordsAreUnacknowledged() {
    try (ImportJournal journal = ImportJournal.create(dir, header())) {
      journal.acknowledge(batch(0, 0));

      assertThatThrownBy(() -> journal.complete(5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("5 records read but 1 acknowledged");
      assertThat(journal.isComplete()).isFalse();
    }
  }

  @Test
  void aSecondJournalOfTheSameImportInThisProcessIsRefusedNamingTheHolder() {
    try (ImportJournal first = ImportJournal.create(dir, header(), CLOCK)) {
      assertThatThrownBy(() -> ImportJournal.reopen(dir, ID))
          .isInstanceOfSatisfying(
              ImportException.class, e -> assertThat(e.code()).isEqualTo("IMPORT_LOCKED"))
          .hasMessageContaining("import " + ID + " is being run by process ")
          .hasMessageContaining(String.valueOf(ProcessHandle.current().pid()))
          .hasMessageContaining(" on " + JournalLock.hostName())
          .hasMessageContaining("since " + NOW);
      first.acknowledge(batch(0, 0));
    }
    assertThat(ImportJournal.read(path()).acknowledgedBatches()).isEqualTo(1);
  }

  @Test
  void closingAJournalLetsTheImportBeReopened() {
    journalWithAcks(1);
    try (ImportJournal first = ImportJournal.reopen(dir, ID)) {
      first.acknowledge(batch(0, 1));
    }

    try (ImportJournal second = ImportJournal.reopen(dir, ID)) {
      assertThat(second.acknowledgedBatches()).isEqualTo(2);
    }
  }

  @Test
  void aRefusedReopenLeavesTheHoldersLockInPlace() {
    try (ImportJournal first = ImportJournal.create(dir, header(), CLOCK)) {
      for (int attempt = 0; attempt < 3; attempt++) {
        assertThatThrownBy(() -> ImportJournal.reopen(dir, ID))
            .hasMessageContaining("is being run by");
      }
    }
  }

  @Test
  void reopeningAnUnknownImportLeavesNoLockFileBehind() {
    assertThatThrownBy(() -> ImportJournal.reopen(dir, ID))
        .hasMessageContaining("no journal for this import at " + path());
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void creatingSyncsTheStateDirectoryAndEveryDirectoryItMade() {
    Path stateDir = dir.resolve("a").resolve("b");
    List<Path> synced = new ArrayList<>();
    Consumer<Path> recorder = synced::add;

    try (ImportJournal journal = ImportJournal.create(stateDir, header(), CLOCK, recorder)) {
      assertThat(journal.path()).exists();
    }

    assertThat(synced)
        .containsExactly(
            stateDir.toAbsolutePath(), dir.resolve("a").toAbsolutePath(), dir.toAbsolutePath());
  }

  @Test
  void syncingADirectoryToleratesPlatformsThatCannotOpenOne() {
    ImportJournal.syncDirectory(dir);
    ImportJournal.syncDirectory(dir.resolve("does-not-exist"));
  }

  @Test
  void aStateDirectoryThatIsAFileIsRefusedNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("state"), "");

    assertThatThrownBy(() -> ImportJournal.create(file, header()))
        .isInstanceOfSatisfying(
            ImportException.class, e -> assertThat(e.code()).isEqualTo("STATE_INVALID"))
        .hasMessageContaining("the state directory " + file + " is a file");
  }
}
