package io.customauth.runner.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallFilesTest {
  @TempDir Path directory;

  @Test
  void sizesAreShownAsPeopleReadThemRoundedUp() {
    assertThat(SmallFiles.size(1)).isEqualTo("1 byte");
    assertThat(SmallFiles.size(1023)).isEqualTo("1023 bytes");
    assertThat(SmallFiles.size(1024)).isEqualTo("1 KiB");
    assertThat(SmallFiles.size(64 * 1024 + 1)).isEqualTo("65 KiB");
    assertThat(SmallFiles.size(1024 * 1024)).isEqualTo("1 MiB");
    assertThat(SmallFiles.size(1024 * 1024 + 1)).isEqualTo("1.1 MiB");
    assertThat(SmallFiles.size(3L * 1024 * 1024 * 1024)).isEqualTo("3072 MiB");
  }

  @Test
  void aFileOfExactlyTheLimitIsRead() throws Exception {
    Path file = Files.write(directory.resolve("f"), new byte[100]);

    assertThat(SmallFiles.read(file, 100, "rule")).hasSize(100);
  }

  @Test
  void aFileOneByteOverTheLimitIsRefusedWithTheRule() throws IOException {
    Path file = Files.write(directory.resolve("f"), new byte[101]);

    assertThat(
            catchThrowableOfType(
                    SmallFiles.Refused.class, () -> SmallFiles.read(file, 100, "at most 100 bytes"))
                .reason())
        .isEqualTo("is 101 bytes; at most 100 bytes");
  }

  @Test
  void aMissingFileDoesNotExist() {
    assertThat(
            catchThrowableOfType(
                    SmallFiles.Refused.class,
                    () -> SmallFiles.read(directory.resolve("absent"), 100, "rule"))
                .reason())
        .isEqualTo("does not exist");
  }
}
