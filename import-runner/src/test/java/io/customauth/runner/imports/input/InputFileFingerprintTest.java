package io.customauth.runner.imports.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileFingerprintTest {
  @TempDir Path dir;

  @Test
  void aSmallFileHasItsExactSizeLinesAndSha256() throws IOException {
    Path file = Files.writeString(dir.resolve("a.csv"), "id\n1\n2\n");

    InputFileFingerprint fingerprint = InputFileFingerprint.of(file);

    assertThat(fingerprint.size()).isEqualTo(7);
    assertThat(fingerprint.lines()).isEqualTo(3);
    // printf 'id\n1\n2\n' | sha256sum
    assertThat(fingerprint.sha256())
        .isEqualTo("1d1c91d15ace6e21ea5f551e16e717f326992bdf800f6696628859be29b906bf");
  }

  @Test
  void aLargeFilesLinesAreEstimatedFromItsBeginning() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      text.append("row-").append(i % 1000).append(",value\n");
    }
    Path file = Files.writeString(dir.resolve("big.csv"), text);
    assertThat(Files.size(file)).isGreaterThan(InputFileFingerprint.SAMPLE_BYTES * 4L);

    assertThat((double) InputFileFingerprint.of(file).lines()).isCloseTo(200_000, within(10_000.0));
  }

  @Test
  void anyChangedByteMakesADifferentFingerprint() throws IOException {
    Path file = Files.writeString(dir.resolve("a.csv"), "id\n1\n2\n");
    InputFileFingerprint before = InputFileFingerprint.of(file);

    Files.writeString(file, "id\n1\n3\n");

    assertThat(InputFileFingerprint.of(file).sameContent(before)).isFalse();
    assertThat(InputFileFingerprint.of(file).size()).isEqualTo(before.size());
  }
}
