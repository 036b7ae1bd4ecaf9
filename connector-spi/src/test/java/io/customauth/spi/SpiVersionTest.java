package io.customauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpiVersionTest {
  @Test
  void theConstantIsTheVersionTheJarManifestCarries() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    assertThat(pom).contains("<spi.version>" + SpiVersion.CURRENT + "</spi.version>");
    assertThat(SpiVersion.current()).isEqualTo(SpiVersion.CURRENT);
  }

  @Test
  void versionsCompareNumerically() {
    assertThat(SpiVersion.compare("1.10", "1.9")).isPositive();
    assertThat(SpiVersion.compare("1", "1.0")).isZero();
    assertThat(SpiVersion.compare("1.0", "2.0")).isNegative();
    assertThat(SpiVersion.supports("1.0")).isTrue();
    assertThat(SpiVersion.supports(SpiVersion.CURRENT)).isTrue();
    assertThat(SpiVersion.supports("1.2")).isFalse();
  }

  @Test
  void aMalformedVersionIsRefusedWithoutEchoingControlCharacters() {
    assertThatThrownBy(() -> SpiVersion.compare("1.x\u001b[2J", "1.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("\u001b");
  }
}
