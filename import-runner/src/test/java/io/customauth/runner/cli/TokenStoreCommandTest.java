package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.runner.plugin.SharedPlugins;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --token-store} on the command line, and {@code demo --workers} sharing through it. */
class TokenStoreCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "fleet-secret-0123456789abcdef";

  @TempDir Path dir;

  @Test
  void aStoreWithoutItsSecretIsAUsageErrorThatNeverShowsThePassword() {
    Cli.Result result =
        Cli.run(
            SharedPlugins.testHome(Map.of(), dir),
            "auth-test",
            "--token-store",
            "redis://app:pa55word@127.0.0.1:6379/0",
            "connector.json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("IMPORT_RUNNER_TOKEN_STORE_SECRET")
        .doesNotContain("pa55word");
  }

  @Test
  void aBadStoreUrlFromTheEnvironmentIsAUsageError() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("a.csv"), "id\n1\n");
    java.nio.file.Files.writeString(dir.resolve("connector.json"), "{}");
    Cli.Result result =
        Cli.run(
            SharedPlugins.testHome(
                Map.of(
                    TokenStoreOption.URL_VARIABLE,
                    "http://app:pa55word@127.0.0.1:6379",
                    TokenStoreOption.SECRET_VARIABLE,
                    SECRET),
                dir),
            "import",
            "connector.json",
            "--project",
            "p",
            "a.csv");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("IMPORT_RUNNER_TOKEN_STORE", "redis://")
        .doesNotContain("pa55word");
  }

  @Test
  void aStoreUrlWithAnImpossiblePortIsAUsageErrorNotAnUnexpectedFailure() throws Exception {
    Cli.Result result =
        Cli.run(
            SharedPlugins.testHome(Map.of(TokenStoreOption.SECRET_VARIABLE, SECRET), dir),
            "auth-test",
            "connector.json",
            "--token-store",
            "redis://runner:pa55word@127.0.0.1:99999");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("port over 65535").doesNotContain("pa55word", "UNEXPECTED");
  }

  @Test
  void demoWorkersShareTheirTokensThroughTheStore() throws Exception {
    assumeTrue(
        io.customauth.runner.tokenstore.RedisProbe.localAnswers(),
        "nothing answers on 127.0.0.1:6379: .ci/run starts a Redis there");
    Cli.Result result =
        Cli.run(
            SharedPlugins.testHome(Map.of(TokenStoreOption.SECRET_VARIABLE, SECRET), dir),
            "demo",
            "--dir",
            dir.resolve("demo").toString(),
            "--plugins-dir",
            PluginJars.REAL_PLUGINS.toString(),
            "--records",
            "600",
            // Two worker JVMs are a fleet sharing one token as much as three are, for a third less
            // of start-up CPU (Lettuce, Netty, the plugin: seconds per JVM on 2 cores).
            "--workers",
            "2",
            // Long enough that a worker starting seconds after the others on a loaded machine
            // still finds the first token in the store (the default 4 s is refreshed after 2 s).
            "--token-lifetime",
            "30",
            "--token-store",
            "redis://127.0.0.1:6379/0",
            "--json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.get("providerRecords").asLong()).isEqualTo(1_200);
    // Each worker counts every token it obtained, from the provider or from the store. Alone, the
    // provider would issue their sum; sharing, tokens are obtained by several workers, so it issues
    // fewer. How many fewer depends on how the workers' lives overlap on a loaded machine, so only
    // the sharing itself is asserted; the fleet figure is benchmarks/run part 6's.
    long sum = 0;
    for (int i = 1; i <= 2; i++) {
      long obtained =
          JSON.readTree(dir.resolve("demo").resolve("worker-" + i + ".json").toFile())
              .get("tokenRefreshes")
              .asLong();
      sum += obtained;
    }
    long issued = json.get("providerTokensIssued").asLong();
    assertThat(issued).as("issued, against %d obtained in all", sum).isLessThan(sum);
  }
}
