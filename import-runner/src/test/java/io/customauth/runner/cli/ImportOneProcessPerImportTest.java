package io.customauth.runner.cli;

import static io.customauth.runner.cli.ImportTestFiles.ids;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.ChildJvm;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process at a time works on an import: the real command line in child JVMs (the runner's main
 * class on the test class path) holding an import while another process tries to resume it.
 */
class ImportOneProcessPerImportTest {
  private static final String SECRET = "one-process-secret";
  private static final String TOKEN_PREFIX = "TOKEN-one-";
  private static final Pattern STARTED = Pattern.compile("Import (imp-[a-z2-7]{12}) started");
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void stopChildren() throws InterruptedException {
    release.countDown();
    for (Process child : children) {
      child.destroyForcibly();
      child.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aResumeWhileTheImportStillRunsIsRefusedAtOnceNamingItsProcess() throws Exception {
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 100);
    try (ImportSink sink = new ImportSink(SECRET, TOKEN_PREFIX, 3_600)) {
      sink.script(
          call -> {
            release.await(60, TimeUnit.SECONDS); // the import runs until the test lets it end
            return ImportSink.PROCESS;
          });
      Path connector = ImportTestFiles.sinkConnector(dir, sink, 10, 2);
      Process running =
          child(
              "running",
              "import",
              connector.toString(),
              "--project",
              "p",
              csv.toString(),
              "--progress",
              "plain");
      String importId =
          await()
              .atMost(PATIENCE)
              .until(() -> announcedId(err("running")), Optional::isPresent)
              .get();
      await().atMost(PATIENCE).until(() -> !sink.calls().isEmpty());
      int tokensBefore = sink.tokensIssued();

      Cli.Result second =
          Cli.run(environment(), "import", "--resume", importId, "--json", "--state-dir", "state");

      assertThat(running.isAlive()).as("refused while the import is still held").isTrue();
      assertThat(second.exitCode()).as(second.err()).isEqualTo(2);
      JsonNode error = ImportJsonOutput.onlyObject(second.out()).get("error");
      assertThat(error.get("code").asText()).isEqualTo("IMPORT_LOCKED");
      assertThat(error.get("message").asText())
          .contains(
              "import " + importId + " is being run by process " + running.pid() + " on ",
              " since ");
      assertThat(sink.tokensIssued())
          .as("the refused resume fetched no token")
          .isEqualTo(tokensBefore);

      release.countDown();
      assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(running.exitValue()).as(Files.readString(err("running"))).isZero();
      assertThat(sink.acceptedIds()).isEqualTo(ids("a", 100).stream().sorted().toList());
      assertThat(sink.duplicates()).isZero();
    }
  }

  @Test
  void ofTwoConcurrentResumesExactlyOneProceedsAndEachBatchIsAcceptedOnce() throws Exception {
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 100);
    try (ImportSink sink = new ImportSink(SECRET, TOKEN_PREFIX, 3_600)) {
      // The first run stops part-way: the provider rejects everything after the fourth request.
      sink.script(call -> call.number() > 4 ? 400 : ImportSink.PROCESS);
      Path connector = ImportTestFiles.sinkConnector(dir, sink, 10, 2);
      Cli.Result first =
          Cli.run(
              environment(),
              "import",
              connector.toString(),
              "--project",
              "p",
              csv.toString(),
              "--state-dir",
              "state",
              "--progress",
              "plain");
      assertThat(first.exitCode()).as(first.err()).isEqualTo(4);
      String importId = announcedId(first.err()).orElseThrow();
      long acceptedBefore = sink.acceptedBatches().size();
      int tokensBefore = sink.tokensIssued();
      int callsBefore = sink.calls().size();
      // The resume that gets the import holds it until the other has given up.
      sink.script(
          call -> {
            release.await(60, TimeUnit.SECONDS);
            return ImportSink.PROCESS;
          });

      Process a = child("a", "import", "--resume", importId, "--json", "--progress", "plain");
      Process b = child("b", "import", "--resume", importId, "--json", "--progress", "plain");
      await().atMost(PATIENCE).until(() -> !a.isAlive() || !b.isAlive());
      Process refused = a.isAlive() ? b : a;
      Process proceeding = refused == a ? b : a;
      String refusedName = refused == a ? "a" : "b";
      assertThat(proceeding.isAlive()).isTrue();
      assertThat(refused.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(refused.exitValue()).as(Files.readString(err(refusedName))).isEqualTo(2);
      assertThat(Files.readString(err(refusedName), UTF_8))
          .contains("IMPORT_LOCKED", "is being run by process " + proceeding.pid());

      release.countDown();
      assertThat(proceeding.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(proceeding.exitValue()).isZero();
      assertThat(sink.acceptedBatches()).hasSize(10);
      assertThat(sink.acceptedIds()).isEqualTo(ids("a", 100).stream().sorted().toList());
      assertThat(sink.duplicates()).as("each key acknowledged once").isZero();
      assertThat(sink.calls().size() - callsBefore)
          .as("only the proceeding resume sent the batches that were left")
          .isEqualTo(10 - acceptedBefore);
      assertThat(sink.tokensIssued()).isEqualTo(tokensBefore + 1);
    }
  }

  private RunnerEnvironment environment() {
    return SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, SECRET), dir);
  }

  private Path err(String name) {
    return dir.resolve(name + "-err.txt");
  }

  /** The command line in its own JVM, working in {@link #dir} with its state in {@code state}. */
  private Process child(String name, String... args) throws IOException {
    List<String> command = ChildJvm.command(ImportRunnerCommand.class, args[0]);
    command.add("--plugins-dir");
    command.add(PluginJars.REAL_PLUGINS.toString());
    command.add("--state-dir");
    command.add("state");
    command.addAll(List.of(args).subList(1, args.length));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(err(name).toFile())
            .redirectOutput(dir.resolve(name + "-out.txt").toFile());
    builder.environment().put(ImportTestFiles.SECRET_VARIABLE, SECRET);
    Process process = builder.start();
    children.add(process);
    return process;
  }

  private static Optional<String> announcedId(Path stderr) throws IOException {
    return Files.exists(stderr) ? announcedId(Files.readString(stderr, UTF_8)) : Optional.empty();
  }

  private static Optional<String> announcedId(String stderr) {
    Matcher matcher = STARTED.matcher(stderr);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
