package io.customauth.runner.cli;

import static io.customauth.runner.cli.ImportTestFiles.ids;
import static io.customauth.runner.cli.ImportTestFiles.sortedIds;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command line in its own JVM (the runner's main class on the test class path, so no
 * distribution has to be built first), killed with SIGKILL part-way through an import; {@code
 * import --resume} then finishes it and the sink counts every record once.
 */
class ImportKilledProcessResumeTest {
  private static final String SECRET = "kill-and-resume-secret";
  private static final String TOKEN_PREFIX = "TOKEN-kill-";
  private static final Pattern STARTED = Pattern.compile("Import (imp-[a-z2-7]{12}) started");
  private static final int ANSWERED_BEFORE_HOLDING = 6;

  @TempDir Path dir;

  @Test
  void anImportKilledWithSigkillResumesAndEveryRecordArrivesExactlyOnce() throws Exception {
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 200);
    Path ndjson = ImportTestFiles.ndjson(dir, "b.ndjson", "b", 100);
    Path stateDir = dir.resolve("state");
    Path childErr = dir.resolve("child-err.txt");
    Path childOut = dir.resolve("child-out.txt");
    CountDownLatch release = new CountDownLatch(1);
    try (ImportSink sink = new ImportSink(SECRET, TOKEN_PREFIX, 3_600)) {
      // The first requests are answered; later ones are held until the process is dead, then
      // processed with nobody left to hear the answer.
      sink.script(
          call -> {
            if (call.number() > ANSWERED_BEFORE_HOLDING) {
              release.await(60, TimeUnit.SECONDS);
            }
            return ImportSink.PROCESS;
          });
      Path connector = ImportTestFiles.sinkConnector(dir, sink, 20, 2);
      ProcessBuilder builder =
          new ProcessBuilder(ImportTestFiles.childImportOfAAndB(connector))
              .directory(dir.toFile())
              .redirectError(childErr.toFile())
              .redirectOutput(childOut.toFile());
      builder.environment().put(ImportTestFiles.SECRET_VARIABLE, SECRET);
      Process process = builder.start();
      String importId;
      try {
        importId =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> announcedId(childErr), Optional::isPresent)
                .orElseThrow();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    ImportTestFiles.journalAcks(stateDir, importId) >= ANSWERED_BEFORE_HOLDING
                        && sink.calls().size() >= ANSWERED_BEFORE_HOLDING + 2);
      } finally {
        process.destroyForcibly();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        release.countDown();
      }
      assertThat(process.exitValue()).as("killed, not finished").isNotZero();
      assertThat(Files.readString(childOut)).as("no summary from a killed import").isEmpty();
      long acknowledged = ImportTestFiles.journalAcks(stateDir, importId);
      assertThat(acknowledged).isEqualTo(ANSWERED_BEFORE_HOLDING);

      Cli.Result resumed =
          Cli.run(
              SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, SECRET), dir),
              "import",
              "--resume",
              importId,
              "--json",
              "--state-dir",
              "state");

      assertThat(resumed.exitCode()).as(resumed.err()).isZero();
      JsonNode summary = ImportJsonOutput.onlyObject(resumed.out());
      assertThat(summary.get("importId").asText()).isEqualTo(importId);
      assertThat(summary.get("records").asLong()).isEqualTo(300);
      assertThat(summary.get("batches").asLong()).isEqualTo(10 + 5);
      assertThat(summary.get("requests").asLong()).isEqualTo(15 - acknowledged);
      assertThat(sink.acceptedIds()).isEqualTo(sortedIds(ids("a", 200), ids("b", 100)));
      assertThat(sink.acceptedBatches()).hasSize(15);
      assertThat(sink.acceptedBatches().keySet()).allMatch(key -> key.startsWith(importId + "-"));
      // At most the two held batches were processed after the kill and sent again by the resume.
      assertThat(sink.duplicates()).isBetween(0, 2);
      assertThat(Files.readString(childErr, UTF_8))
          .doesNotContain(SECRET)
          .doesNotContain(TOKEN_PREFIX);
    }
  }

  private static Optional<String> announcedId(Path stderr) throws IOException {
    if (!Files.exists(stderr)) {
      return Optional.empty();
    }
    Matcher matcher = STARTED.matcher(Files.readString(stderr, UTF_8));
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
