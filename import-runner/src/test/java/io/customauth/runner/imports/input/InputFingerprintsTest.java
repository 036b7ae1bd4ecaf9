package io.customauth.runner.imports.input;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.customauth.runner.imports.ImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input files fingerprinted ahead on a background thread give what reading them now gives. */
class InputFingerprintsTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, UTF_8);
  }

  @Test
  void readAheadGivesTheSameFingerprintsAndTimesAsReadingNow() throws IOException {
    Path a = file("a.csv", "id\n1\n2\n");
    Path b = file("b.ndjson", "{\"id\":3}\n".repeat(50_000));

    try (InputFingerprints ahead = InputFingerprints.inBackground(List.of(a, b))) {
      for (Path file : List.of(b, a)) {
        InputFingerprints.Read read = ahead.read(file);
        assertThat(read.fingerprint()).isEqualTo(InputFileFingerprint.of(file));
        assertThat(read.modified()).isEqualTo(InputFileFingerprint.lastModified(file));
      }
    }
  }

  @Test
  void anUnreadableFileFailsAsReadingItNowWould() throws IOException {
    Path a = file("a.csv", "id\n1\n");
    Path missing = dir.resolve("missing.csv");
    ImportException now =
        catchThrowableOfType(
            ImportException.class, () -> InputFingerprints.onDemand().read(missing));

    try (InputFingerprints ahead = InputFingerprints.inBackground(List.of(a, missing))) {
      assertThat(ahead.read(a).fingerprint().size()).isEqualTo(Files.size(a));
      ImportException later =
          catchThrowableOfType(ImportException.class, () -> ahead.read(missing));

      assertThat(now.code()).isEqualTo("INPUT_UNREADABLE");
      assertThat(later.code()).isEqualTo(now.code());
      assertThat(later.getMessage()).isEqualTo(now.getMessage());
    }
  }

  @Test
  void filesAfterAFailedOneAreReadWhenAskedFor() throws IOException {
    Path missing = dir.resolve("missing.csv");
    Path b = file("b.csv", "id\n1\n");

    try (InputFingerprints ahead = InputFingerprints.inBackground(List.of(missing, b))) {
      assertThat(ahead.read(b).fingerprint()).isEqualTo(InputFileFingerprint.of(b));
    }
  }

  @Test
  void closedBeforeAnyReadItStillReadsWhatIsAskedFor() throws IOException {
    Path a = file("a.csv", "id\n1\n".repeat(200_000));
    InputFingerprints ahead = InputFingerprints.inBackground(List.of(a));
    ahead.close();

    assertThat(ahead.read(a).fingerprint()).isEqualTo(InputFileFingerprint.of(a));
  }

  @Test
  void aFileNotGivenAheadIsReadWhenAskedFor() throws IOException {
    Path a = file("a.csv", "id\n1\n");
    Path other = file("other.csv", "id\n9\n");

    try (InputFingerprints ahead = InputFingerprints.inBackground(List.of(a))) {
      assertThat(ahead.read(other).fingerprint()).isEqualTo(InputFileFingerprint.of(other));
    }
  }

  @Test
  void aStoppedReadIsCancelledNotAnError() throws IOException {
    Path a = file("a.csv", "id\n1\n".repeat(200_000));

    Throwable stopped =
        catchThrowableOfType(
            java.util.concurrent.CancellationException.class,
            () -> InputFileFingerprint.of(a, ContentDigest.CURRENT, () -> true));

    assertThat(stopped).hasMessageContaining("a.csv");
  }

  @Test
  void aResumeReadsAheadWithTheJournalsAlgorithmAndAnotherIsReadInTheCallersThread()
      throws IOException {
    Path a = file("a.csv", "id\n1\n");

    try (InputFingerprints ahead = InputFingerprints.onDemand()) {
      ahead.readAhead(List.of(a), ContentDigest.SHA256);

      assertThat(ahead.read(a, ContentDigest.SHA256).fingerprint())
          .isEqualTo(InputFileFingerprint.of(a, ContentDigest.SHA256));
      assertThat(ahead.read(a, ContentDigest.CRC32C).fingerprint())
          .isEqualTo(InputFileFingerprint.of(a, ContentDigest.CRC32C));
      assertThat(ahead.read(a).fingerprint().algorithm()).isEqualTo(ContentDigest.CRC32C);
    }
  }

  @Test
  void anOnDemandInstanceCanStartReadingAheadOnce() throws IOException {
    Path a = file("a.csv", "id\n1\n");

    try (InputFingerprints later = InputFingerprints.onDemand()) {
      later.readAhead(List.of(a), ContentDigest.CURRENT);

      assertThat(later.read(a).fingerprint()).isEqualTo(InputFileFingerprint.of(a));
      assertThatThrownBy(() -> later.readAhead(List.of(a), ContentDigest.CURRENT))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
