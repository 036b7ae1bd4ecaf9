package io.customauth.runner.imports;

import static io.customauth.runner.imports.ImportFixtures.connector;
import static io.customauth.runner.imports.ImportFixtures.connectorFile;
import static io.customauth.runner.imports.ImportFixtures.csv;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.cli.progress.PlainProgressRenderer;
import io.customauth.runner.cli.progress.ProgressBarRenderer;
import io.customauth.runner.demo.DemoProvider;
import io.customauth.runner.imports.ImportFixtures.RecordingSleeper;
import io.customauth.runner.imports.ScriptedSink.Action;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs whole imports, captures everything they print or write, and looks for secrets in it. */
class SecretsStayOutOfOutputTest {
  private static final String SECRET = "client-secret-7f3a9c";

  @TempDir Path dir;

  /** Everything printed to stdout/stderr and to the progress stream while {@code run} runs. */
  private static String captureOutput(java.util.function.Consumer<PrintStream> run) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(all, true, StandardCharsets.UTF_8);
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(capture);
    System.setErr(capture);
    try {
      run.accept(capture);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  private String stateFiles() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        text.append(Files.readString(file));
      }
    }
    return text.toString();
  }

  @Test
  void aWholeImportPrintsAndJournalsNeitherTokensNorTheSecret() throws IOException {
    MutableClock clock = new MutableClock(ImportFixtures.T0, Duration.ofMillis(20));
    try (DemoProvider provider =
        new DemoProvider("client", SECRET, Duration.ofSeconds(1), Duration.ZERO, clock)) {
      LoopbackTokenStrategy auth =
          new LoopbackTokenStrategy(provider.tokenUri(), "client", SECRET, clock);
      Path file = csv(dir, "a.csv", "a", 2_000);
      ImportOptions options =
          ImportFixtures.options(dir.resolve("state"), new RecordingSleeper())
              .withTime(clock, new RecordingSleeper())
              .withTokenRefreshes(auth::fetches);
      StringBuilder json = new StringBuilder();
      Path connectorFile = connectorFile(dir);

      String output =
          captureOutput(
              stream -> {
                for (ImportProgress progress :
                    List.of(
                        new PlainProgressRenderer(
                            stream, id -> "resume " + id, clock, Duration.ZERO),
                        new ProgressBarRenderer(stream, id -> "resume " + id))) {
                  ImportResult result =
                      new ImportEngine(options)
                          .start(
                              new ImportRequest(connectorFile, "p", List.of(file)),
                              connector(auth, provider.uploadUrlTemplate(), "json", 20, 4, 5),
                              progress);
                  assertThat(result.ok()).isTrue();
                  json.append(result.toJsonString()).append(result.summaryLine());
                }
              });

      assertThat(auth.tokensSeen()).hasSizeGreaterThan(2);
      String everything = output + json + stateFiles();
      assertThat(everything).contains("Import imp-").doesNotContain(SECRET);
      auth.tokensSeen().forEach(token -> assertThat(everything).doesNotContain(token));
    }
  }

  @Test
  void failedImportsNameNeitherTheTokenNorTheRecords() throws IOException {
    SequenceTokenStrategy auth = new SequenceTokenStrategy("tok-KNOWN-9d8e7f-");
    try (ScriptedSink sink = new ScriptedSink()) {
      sink.script(
          call ->
              switch (call.number()) {
                case 1 -> Action.answer(401);
                case 2 -> Action.answer(503, Map.of("Retry-After", "1"));
                case 3 -> Action.drop();
                default -> Action.answer(400);
              });
      Path file =
          Files.writeString(dir.resolve("people.csv"), "id,ssn\n1,SSN-123-45-6789\n2,bad\n");
      StringBuilder json = new StringBuilder();
      Path connectorFile = connectorFile(dir);

      String output =
          captureOutput(
              stream -> {
                ImportResult result =
                    new ImportEngine(
                            ImportFixtures.options(dir.resolve("state"), new RecordingSleeper()))
                        .start(
                            new ImportRequest(connectorFile, "p", List.of(file)),
                            connector(auth, sink.urlTemplate(), "json", 1, 1, 5),
                            new PlainProgressRenderer(
                                stream,
                                id -> "resume " + id,
                                new MutableClock(ImportFixtures.T0),
                                Duration.ZERO));
                json.append(result.toJsonString()).append(result.summaryLine());
                result.error().map(Throwable::toString).ifPresent(json::append);
              });

      String everything = output + json + stateFiles();
      assertThat(everything).contains("UPLOAD_REJECTED", "lines 2-2");
      assertThat(everything).doesNotContain("tok-KNOWN", "SSN-123");
      assertThat(auth.issued()).isEqualTo(2);
    }
  }
}
