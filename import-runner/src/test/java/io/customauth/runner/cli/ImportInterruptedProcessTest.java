package io.customauth.runner.cli;

import static io.customauth.runner.cli.ImportTestFiles.ids;
import static io.customauth.runner.cli.ImportTestFiles.sortedIds;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real command line in its own JVM, sent SIGINT (Ctrl-C) or SIGTERM while batches are in flight
 * to a slow receiver: it stops taking batches, lets those in flight finish, prints the id, the
 * records acknowledged and the exact resume command, emits one JSON object and exits 130; following
 * that command completes the import with every record delivered once per key.
 */
class ImportInterruptedProcessTest {
  private static final String SECRET = "interrupt-secret";
  private static final Pattern STARTED = Pattern.compile("Import (imp-[a-z2-7]{12}) started");
  private static final Pattern INTERRUPTED =
      Pattern.compile(
          "Import (imp-[a-z2-7]{12}) interrupted: (\\d+) records read, (\\d+) acknowledged");
  private static final Pattern RESUME = Pattern.compile("Resume with: (.+)");
  private static final int ANSWERED_BEFORE_HOLDING = 4;
  private static final String STOPPING =
      "Stopping: nothing more is sent; waiting for the batches in flight.";

  @TempDir Path dir;

  @ParameterizedTest(name = "SIG{0}")
  @ValueSource(strings = {"INT", "TERM"})
  void aSignalStopsTheImportAndThePrintedCommandCompletesIt(String signal) throws Exception {
    ImportTestFiles.csv(dir, "a.csv", "a", 200);
    ImportTestFiles.ndjson(dir, "b.ndjson", "b", 100);
    Path childErr = dir.resolve("child-err.txt");
    Path childOut = dir.resolve("child-out.txt");
    CountDownLatch release = new CountDownLatch(1);
    try (ImportSink sink = new ImportSink(SECRET, "TOKEN-int-", 3_600)) {
      // The first requests are answered; later ones wait until the signal was sent.
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
      try {
        assumeThat(ignores(process.pid(), signal))
            .as(
                "the test JVM was started with SIG%s ignored; its children cannot handle it",
                signal)
            .isFalse();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> sink.calls().size() >= ANSWERED_BEFORE_HOLDING + 2);
        send(signal, process.pid());
        // The held requests are answered only once the import says it heard the signal: released
        // earlier, on a loaded machine the import could finish before the JVM ran its hook.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Files.readString(childErr, UTF_8).contains(STOPPING));
        release.countDown();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ended after SIG" + signal).isTrue();
      } finally {
        release.countDown();
        process.destroyForcibly();
      }
      String err = Files.readString(childErr, UTF_8);
      assertThat(process.exitValue()).as(err).isEqualTo(130);
      Matcher started = STARTED.matcher(err);
      assertThat(started.find()).as(err).isTrue();
      String importId = started.group(1);
      Matcher interrupted = INTERRUPTED.matcher(err);
      assertThat(interrupted.find()).as(err).isTrue();
      assertThat(interrupted.group(1)).isEqualTo(importId);
      long acknowledged = Long.parseLong(interrupted.group(3));
      assertThat(acknowledged)
          .as("the batches in flight at the signal finished")
          .isEqualTo(ImportTestFiles.journalAcks(dir.resolve("state"), importId) * 20)
          .isGreaterThanOrEqualTo((ANSWERED_BEFORE_HOLDING + 2) * 20L);
      Matcher resume = RESUME.matcher(err);
      assertThat(resume.find()).as(err).isTrue();
      assertThat(resume.group(1))
          .isEqualTo(
              "import-runner import --resume "
                  + importId
                  + " --plugins-dir "
                  + PluginJars.REAL_PLUGINS
                  + " --state-dir "
                  + dir.resolve("state").toAbsolutePath());
      JsonNode summary = ImportJsonOutput.onlyObject(Files.readString(childOut, UTF_8));
      assertThat(summary.get("ok").asBoolean()).isFalse();
      assertThat(summary.at("/error/code").asText()).isEqualTo("INTERRUPTED");
      assertThat(summary.get("records").asLong()).isEqualTo(acknowledged);

      String[] command = resume.group(1).split(" ");
      Cli.Result resumed =
          Cli.run(
              SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, SECRET), Path.of("/")),
              Arrays.copyOfRange(command, 1, command.length));

      assertThat(resumed.exitCode()).as(resumed.err()).isZero();
      assertThat(sink.acceptedIds()).isEqualTo(sortedIds(ids("a", 200), ids("b", 100)));
      assertThat(sink.acceptedBatches()).hasSize(15);
    }
  }

  /**
   * Whether {@code pid} ignores the signal (inherited SIG_IGN, as from a non-interactive shell).
   */
  private static boolean ignores(long pid, String signal) throws IOException {
    Path status = Path.of("/proc/" + pid + "/status");
    if (!Files.exists(status)) {
      return false;
    }
    int number = signal.equals("INT") ? 2 : 15;
    Optional<String> line =
        Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst();
    return line.map(
            l -> (Long.parseUnsignedLong(l.substring(7).trim(), 16) >> (number - 1) & 1) == 1)
        .orElse(false);
  }

  private static void send(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }
}
