package io.customauth.runner.imports;

import io.customauth.runner.imports.input.InputFileFingerprint;
import io.customauth.runner.imports.journal.JournalHeader;
import io.customauth.runner.imports.upload.Sleeper;
import io.customauth.runner.imports.upload.UploadSettings;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Connector;
import io.customauth.spi.UploadTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Input files, connectors and engine options for import tests. */
public final class ImportFixtures {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private ImportFixtures() {}

  /** A CSV with a header and {@code rows} rows whose {@code id} is {@code <prefix><n>}. */
  static Path csv(Path dir, String name, String prefix, int rows) throws IOException {
    StringBuilder text = new StringBuilder("id,name\n");
    for (int i = 1; i <= rows; i++) {
      text.append(prefix).append(i).append(",name ").append(i).append('\n');
    }
    return Files.writeString(dir.resolve(name), text);
  }

  static Path connectorFile(Path dir) throws IOException {
    return Files.writeString(dir.resolve("connector.json"), "{\"name\":\"test\"}\n");
  }

  static Connector connector(
      AuthStrategy auth, String url, String format, int batchSize, int concurrency, int attempts) {
    return new Connector(
        "test",
        auth,
        Optional.of(new UploadTarget(url, "POST", format, batchSize, concurrency, attempts)));
  }

  /** Records every wait instead of spending it. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }

  /**
   * Resumes import {@code importId} from {@code stateDir} into {@code sink}, JSON bodies of 10
   * records, 2 at once, 5 attempts, with tokens that never fail.
   */
  static ImportResult resumeInto(Path stateDir, String importId, ScriptedSink sink) {
    return new ImportEngine(options(stateDir, new RecordingSleeper()))
        .resume(
            importId,
            connector(new SequenceTokenStrategy("tok-"), sink.urlTemplate(), "json", 10, 2, 5),
            ImportProgress.NONE);
  }

  /**
   * The header an earlier run would have written for import {@code id} into project {@code p} of
   * {@code dir}'s connector, started at {@link #T0}: for tests that lay a journal down by hand.
   */
  static JournalHeader header(
      Path dir,
      String id,
      List<InputFileFingerprint> files,
      UploadSettings upload,
      int batchingVersion) {
    return new JournalHeader(
        id,
        T0,
        dir.resolve("connector.json").toString(),
        "00ff",
        "p",
        files,
        upload,
        batchingVersion);
  }

  static ImportOptions options(Path stateDir, RecordingSleeper sleeper) {
    return ImportOptions.defaults()
        .withStateDir(stateDir)
        .withTime(new MutableClock(T0), sleeper)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
  }
}
