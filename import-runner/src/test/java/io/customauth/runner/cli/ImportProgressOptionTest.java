package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customauth.runner.plugin.SharedPlugins;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --progress bar}: the bar is drawn on standard error while the import runs. */
class ImportProgressOptionTest {
  private static final String SECRET = "progress-option-secret";

  @TempDir Path dir;

  @Test
  void theBarIsRedrawnOnStandardErrorWhileTheImportIsStillRunning() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try (ImportSink sink = new ImportSink(SECRET, "tok-", 3_600)) {
      // Two batches are answered, then the import waits on the provider until the test is done.
      sink.script(
          call -> {
            if (call.number() > 2) {
              release.await(30, TimeUnit.SECONDS);
            }
            return ImportSink.PROCESS;
          });
      Path connector = ImportTestFiles.sinkConnector(dir, sink, 10, 1);
      Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 50);
      StringWriter err = new StringWriter();
      CommandLine commandLine =
          ImportRunnerCommand.commandLine(
              SharedPlugins.testHome(Map.of(ImportTestFiles.SECRET_VARIABLE, SECRET), dir));
      commandLine.setOut(new PrintWriter(new StringWriter(), true));
      commandLine.setErr(new PrintWriter(err, true));
      Future<Integer> exitCode =
          runner.submit(
              () ->
                  commandLine.execute(
                      "import",
                      connector.toString(),
                      "--project",
                      "p",
                      csv.toString(),
                      "--state-dir",
                      "state",
                      "--progress",
                      "bar"));
      try {
        // The bar redraws its line with a carriage return and no newline; 20 of the 50 records
        // are acknowledged while the rest wait on the provider.
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> err.toString().matches("(?s).*\r[^\n]*20/50 rec.*"));
        assertThat(exitCode).isNotDone();
      } finally {
        release.countDown();
      }
      assertThat(exitCode.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
      assertThat(err.toString()).contains("done: 50 records");
    } finally {
      runner.shutdownNow();
    }
  }
}
