package io.customauth.plugin.custom.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ValidatorOutputTest {
  @Test
  void hibernateValidatorLogsThroughSlf4jNotJavaUtilLogging() {
    org.jboss.logging.Logger logger = org.jboss.logging.Logger.getLogger("org.hibernate.validator");

    assertThat(logger.getClass().getName()).contains("Slf4j");
  }

  @Test
  void startingValidationPrintsNothingOnStderr() throws IOException, InterruptedException {
    // A fresh JVM: Hibernate Validator prints its version banner once, on first start.
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                QuietValidation.class.getName())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(stderr).isZero();
    assertThat(stderr).isEmpty();
    assertThat(stdout).isEmpty();
  }
}
