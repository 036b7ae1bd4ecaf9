package io.customauth.runner.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.plugin.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's library logging through java.util.logging, the JDK's logging shared by every plugin:
 * its INFO lines (version banners) never reach the user's stderr, its warnings do, whether the JVM
 * was started by the launcher (which names {@code conf/logging.properties}, read by the JDK only
 * when something logs) or by hand without it. Real child JVMs, since JUL is set up once per JVM.
 */
class PluginLoggingTest {
  private static final Path LOGGING_PROPERTIES = Path.of("src/dist/conf/logging.properties");

  private static final String CHATTY_FACTORY =
      """
      package chatty;

      import io.customauth.spi.*;
      import java.util.*;
      import java.util.logging.Logger;

      /** Logs through java.util.logging, as Netty or Hibernate Validator would without SLF4J. */
      public final class ChattyFactory implements AuthStrategyFactory {
        public String type() { return "chatty"; }

        public List<ConfigViolation> validate(Map<String, Object> config) {
          Logger logger = Logger.getLogger("chatty.library");
          logger.info("chatty-banner-at-info");
          logger.warning("chatty-warning");
          return List.of();
        }

        public AuthStrategy create(Map<String, Object> config, AuthContext context) {
          throw new UnsupportedOperationException();
        }
      }
      """;

  @TempDir Path dir;
  private Path plugins;
  private Path connector;

  @BeforeEach
  void chattyPlugin() throws IOException {
    plugins = Files.createDirectories(dir.resolve("plugins/chatty"));
    PluginJars.jar(
        plugins.resolve("chatty.jar"),
        Map.of("chatty.ChattyFactory", CHATTY_FACTORY),
        "chatty.ChattyFactory");
    connector = dir.resolve("chatty.json");
    Files.writeString(
        connector,
        """
        {"name": "chatty", "auth": {"type": "chatty"},
         "upload": {"url": "https://api.example.com/{project}"}}
        """);
  }

  @Test
  void withTheLaunchersLoggingConfigInfoIsQuietAndWarningsShow() throws Exception {
    assertThat(LOGGING_PROPERTIES).exists();

    Result result =
        validate(List.of("-Djava.util.logging.config.file=" + LOGGING_PROPERTIES.toAbsolutePath()));

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).contains("chatty-warning").doesNotContain("chatty-banner-at-info");
    assertThat(result.stdout()).contains("valid");
  }

  @Test
  void withoutTheLauncherTheRunnerQuietsInfoItself() throws Exception {
    Result result = validate(List.of());

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).contains("chatty-warning").doesNotContain("chatty-banner-at-info");
  }

  @Test
  void aLoggingConfigThatCannotBeReadStillShowsWarnings() throws Exception {
    Result result =
        validate(List.of("-Djava.util.logging.config.file=" + dir.resolve("missing.properties")));

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).contains("chatty-warning").doesNotContain("chatty-banner-at-info");
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private Result validate(List<String> jvmOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ImportRunnerCommand.class.getName(),
            "validate",
            "--plugins-dir",
            plugins.getParent().toString(),
            connector.toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(dir.resolve("out.txt"), UTF_8),
        Files.readString(dir.resolve("err.txt"), UTF_8));
  }
}
