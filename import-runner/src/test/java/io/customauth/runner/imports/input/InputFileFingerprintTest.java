package io.customauth.runner.imports.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileFingerprintTest {
  @TempDir Path dir;

  @Test
  void aSmallFileHasItsExactSizeLinesAndCrc32c() throws IOException {
    Path file = Files.writeString(dir.resolve("a.csv"), "123456789\n");
    Path check = Files.writeString(dir.resolve("check.txt"), "123456789");

    InputFileFingerprint fingerprint = InputFileFingerprint.of(file);

    assertThat(fingerprint.size()).isEqualTo(10);
    assertThat(fingerprint.lines()).isEqualTo(1);
    assertThat(fingerprint.algorithm()).isEqualTo(ContentDigest.CRC32C);
    assertThat(fingerprint.digest()).matches("crc32c:[0-9a-f]{8}");
    // The check value of CRC-32C (RFC 3720 appendix B.4; "123456789" in the CRC catalogue)
    assertThat(InputFileFingerprint.of(check).digest()).isEqualTo("crc32c:e3069283");
  }

  @Test
  void aJournalOfAnEarlierFormatIsCheckedWithSha256() throws IOException {
    Path file = Files.writeString(dir.resolve("a.csv"), "id\n1\n2\n");

    InputFileFingerprint fingerprint = InputFileFingerprint.of(file, ContentDigest.SHA256);

    // printf 'id\n1\n2\n' | sha256sum
    assertThat(fingerprint.digest())
        .isEqualTo("sha256:1d1c91d15ace6e21ea5f551e16e717f326992bdf800f6696628859be29b906bf");
    assertThat(fingerprint.algorithm()).isEqualTo(ContentDigest.SHA256);
    assertThat(fingerprint.size()).isEqualTo(7);
    assertThat(fingerprint.lines()).isEqualTo(3);
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
    for (ContentDigest algorithm : ContentDigest.values()) {
      Path file = Files.writeString(dir.resolve("a.csv"), "id\n1\n2\n");
      InputFileFingerprint before = InputFileFingerprint.of(file, algorithm);
      assertThat(InputFileFingerprint.of(file, algorithm).sameContent(before)).isTrue();

      Files.writeString(file, "id\n1\n3\n");

      assertThat(InputFileFingerprint.of(file, algorithm).sameContent(before)).isFalse();
      assertThat(InputFileFingerprint.of(file, algorithm).size()).isEqualTo(before.size());
    }
  }

  @Test
  void everySingleBitFlipAndEveryTwoBytesSwappedChangeTheCrc32c() throws IOException {
    byte[] bytes = "id,name\n1,alice\n2,bob\n3,carol\n".getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("a.csv");
    Files.write(file, bytes);
    InputFileFingerprint original = InputFileFingerprint.of(file);
    for (int i = 0; i < bytes.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] changed = bytes.clone();
        changed[i] ^= (byte) (1 << bit);
        Files.write(file, changed);
        assertThat(InputFileFingerprint.of(file).sameContent(original)).isFalse();
      }
      if (i + 1 < bytes.length && bytes[i] != bytes[i + 1]) {
        byte[] swapped = bytes.clone();
        swapped[i] = bytes[i + 1];
        swapped[i + 1] = bytes[i];
        Files.write(file, swapped);
        assertThat(InputFileFingerprint.of(file).sameContent(original)).isFalse();
      }
    }
  }

  @Test
  void fingerprintsOfDifferentAlgorithmsAreNeverTheSameContent() throws IOException {
    Path file = Files.writeString(dir.resolve("a.csv"), "id\n1\n2\n");

    assertThat(
            InputFileFingerprint.of(file, ContentDigest.CRC32C)
                .sameContent(InputFileFingerprint.of(file, ContentDigest.SHA256)))
        .isFalse();
  }

  @Test
  void anUnknownAlgorithmIsRefused() {
    assertThatThrownBy(() -> new InputFileFingerprint("/a", 1, "md5:00", 1).algorithm())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("md5");
  }
}
