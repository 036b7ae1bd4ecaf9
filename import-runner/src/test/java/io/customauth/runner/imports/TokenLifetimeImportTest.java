package io.customauth.runner.imports;

import static io.customauth.runner.imports.ImportFixtures.connector;
import static io.customauth.runner.imports.ImportFixtures.connectorFile;
import static io.customauth.runner.imports.ImportFixtures.csv;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.demo.DemoProvider;
import io.customauth.runner.imports.ImportFixtures.RecordingSleeper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports against the demo provider, whose upload endpoint refuses any token not valid now. */
class TokenLifetimeImportTest {
  @TempDir Path dir;

  @Test
  void anImportSpanningManyTokenLifetimesNeverSendsAnExpiredToken() throws IOException {
    // Time moves 10 ms on every clock read, so it runs as fast as the code does: about 50
    // uploads per one-second token.
    MutableClock clock = new MutableClock(ImportFixtures.T0, Duration.ofMillis(10));
    try (DemoProvider provider =
        new DemoProvider("client", "s3cret", Duration.ofSeconds(1), Duration.ZERO, clock)) {
      LoopbackTokenStrategy auth =
          new LoopbackTokenStrategy(provider.tokenUri(), "client", "s3cret", clock);
      Path file = csv(dir, "a.csv", "a", 10_000);
      ImportOptions options =
          ImportFixtures.options(dir.resolve("state"), new RecordingSleeper())
              .withTime(clock, new RecordingSleeper())
              .withTokenRefreshes(auth::fetches);

      ImportResult result =
          new ImportEngine(options)
              .start(
                  new ImportRequest(connectorFile(dir), "p", List.of(file)),
                  connector(auth, provider.uploadUrlTemplate(), "json", 25, 4, 5),
                  ImportProgress.NONE);

      assertThat(result.ok()).isTrue();
      assertThat(provider.refusedTokens()).as("uploads refused for an invalid token").isZero();
      assertThat(provider.recordsReceived()).isEqualTo(10_000);
      assertThat(provider.tokensIssued()).isGreaterThanOrEqualTo(6);
      assertThat(result.tokenRefreshes()).isEqualTo(provider.tokensIssued());
    }
  }

  @Test
  void tokensRevokedMidImportAreReplacedOnceAndTheImportCompletes() throws IOException {
    MutableClock clock = new MutableClock(ImportFixtures.T0);
    try (DemoProvider provider =
        new DemoProvider("client", "s3cret", Duration.ofHours(1), Duration.ZERO, clock)) {
      LoopbackTokenStrategy auth =
          new LoopbackTokenStrategy(provider.tokenUri(), "client", "s3cret", clock);
      Path file = csv(dir, "a.csv", "a", 200);
      AtomicInteger acks = new AtomicInteger();
      ImportProgress revokeAfterFiveBatches =
          new ImportProgress() {
            @Override
            public void batchAcknowledged(long records) {
              if (acks.incrementAndGet() == 5) {
                provider.revokeTokens();
              }
            }
          };

      ImportResult result =
          new ImportEngine(ImportFixtures.options(dir.resolve("state"), new RecordingSleeper()))
              .start(
                  new ImportRequest(connectorFile(dir), "p", List.of(file)),
                  connector(auth, provider.uploadUrlTemplate(), "json", 10, 1, 5),
                  revokeAfterFiveBatches);

      assertThat(result.ok()).isTrue();
      assertThat(provider.refusedTokens()).isEqualTo(1);
      assertThat(auth.fetches()).isEqualTo(2);
      assertThat(provider.recordsReceived()).isEqualTo(200);
      assertThat(result.requests()).isEqualTo(21);
    }
  }
}
