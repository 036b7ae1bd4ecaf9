package io.customauth.runner.imports;

import static io.customauth.runner.imports.ImportFixtures.connector;
import static io.customauth.runner.imports.ImportFixtures.connectorFile;
import static io.customauth.runner.imports.ImportFixtures.csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customauth.runner.ChildJvm;
import io.customauth.runner.imports.ImportFixtures.RecordingSleeper;
import io.customauth.runner.imports.ScriptedSink.Action;
import io.customauth.runner.imports.journal.ImportJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An import process killed with SIGKILL part-way, then resumed: every record arrives once. */
class KillAndResumeTest {
  @TempDir Path dir;

  @Test
  void anImportKilledMidwayResumesWithTheSameKeysAndNoDuplicates() throws Exception {
    Path file = csv(dir, "a.csv", "a", 300);
    Path stateDir = dir.resolve("state");
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedSink sink = new ScriptedSink()) {
      // The first eight requests are answered; later ones hang until the process is dead, and are
      // then processed with nobody left to hear the answer.
      sink.script(
          call -> {
            if (call.number() > 8) {
              try {
                release.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return Action.accept();
          });
      Process process =
          new ProcessBuilder(
                  ChildJvm.command(
                      ImportProcessMain.class,
                      stateDir.toString(),
                      sink.urlTemplate(),
                      connectorFile(dir).toString(),
                      file.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("child.log").toFile())
              .start();
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> acknowledgedInJournal(stateDir) >= 6 && sink.calls().size() >= 10);
      } finally {
        process.destroyForcibly();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
      release.countDown();
      String importId = journalFile(stateDir).getFileName().toString().replace(".journal", "");
      long sentBeforeKill = sink.calls().size();
      assertThat(sink.uniqueRecords()).isLessThan(300);

      sink.script(call -> Action.accept());
      ImportResult resumed =
          new ImportEngine(ImportFixtures.options(stateDir, new RecordingSleeper()))
              .resume(
                  importId,
                  connector(
                      new SequenceTokenStrategy("tok-"), sink.urlTemplate(), "json", 10, 2, 5),
                  ImportProgress.NONE);

      assertThat(resumed.ok()).as(resumed.summaryLine()).isTrue();
      assertThat(resumed.records()).isEqualTo(300);
      assertThat(resumed.requests()).isLessThan(30).isGreaterThan(30 - sentBeforeKill - 1);
      assertThat(sink.acceptedIds())
          .isEqualTo(IntStream.rangeClosed(1, 300).mapToObj(i -> "a" + i).sorted().toList());
      List<String> keys = sink.calls().stream().map(ScriptedSink.Call::key).toList();
      assertThat(keys).allMatch(key -> key.startsWith(importId + "-0-"));
      assertThat(keys.stream().distinct().count()).isEqualTo(30);
      assertThat(keys.stream().collect(Collectors.groupingBy(k -> k, Collectors.counting())))
          .allSatisfy((key, count) -> assertThat(count).isLessThanOrEqualTo(2));
    }
  }

  private static Path journalFile(Path stateDir) throws IOException {
    try (Stream<Path> files = Files.list(stateDir)) {
      return files.filter(f -> f.toString().endsWith(".journal")).findFirst().orElseThrow();
    }
  }

  private static long acknowledgedInJournal(Path stateDir) {
    try {
      return ImportJournal.read(journalFile(stateDir)).acknowledgedBatches();
    } catch (IOException | RuntimeException e) {
      return 0; // not there yet, or the header is being written
    }
  }
}
