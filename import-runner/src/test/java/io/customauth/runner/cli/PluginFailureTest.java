package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.plugin.PluginFailure;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.spi.Credential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's bug, from real plugin jars built by the test, through the real commands: {@code
 * PLUGIN_FAILURE} naming the plugin, exit 1, never the user's {@code CONFIG_INVALID}, never the
 * plugin's exception message.
 */
class PluginFailureTest {
  @TempDir Path home;
  private RunnerEnvironment environment;
  private Path pluginDirectory;

  @BeforeEach
  void installPlugins() throws IOException {
    pluginDirectory = Files.createDirectories(home.resolve("plugins/faulty"));
    PluginJars.faultyPlugin(pluginDirectory.resolve("faulty.jar"));
    PluginJars.loaderCheckingPlugin(
        Files.createDirectories(home.resolve("plugins/loaders")).resolve("loaders.jar"));
    environment = RunnerEnvironment.of(Map.of(), home, home);
  }

  @Test
  void validateThrowingIsAPluginFailureInValidate() throws IOException {
    Cli.Result result = Cli.run(environment, "validate", "--json", connector("validate-throws"));

    assertPluginFailure(
        result, "validate() threw java.lang.IllegalStateException caused by java.io.IOException");
  }

  @Test
  void validateThrowingIsAPluginFailureInAuthTest() throws IOException {
    Cli.Result result = Cli.run(environment, "auth-test", "--json", connector("validate-throws"));

    assertPluginFailure(
        result, "validate() threw java.lang.IllegalStateException caused by java.io.IOException");
  }

  @Test
  void validateThrowingAnAuthExceptionIsStillThePluginsFailureNotTheConnectors()
      throws IOException {
    Cli.Result result =
        Cli.run(environment, "validate", "--json", connector("validate-throws-auth"));

    assertPluginFailure(result, "validate() threw io.customauth.spi.AuthException");
  }

  @Test
  void validateReturningANullElementIsAPluginFailure() throws IOException {
    Cli.Result result =
        Cli.run(environment, "validate", "--json", connector("validate-null-element"));

    assertPluginFailure(result, "validate() returned a list with a null element");
  }

  @Test
  void validateReturningANullElementIsAPluginFailureInAuthTest() throws IOException {
    Cli.Result result =
        Cli.run(environment, "auth-test", "--json", connector("validate-null-element"));

    assertPluginFailure(result, "validate() returned a list with a null element");
  }

  @Test
  void createThrowingIsAPluginFailure() throws IOException {
    Cli.Result result = Cli.run(environment, "auth-test", "--json", connector("create-throws"));

    assertPluginFailure(
        result, "create() threw java.lang.IllegalStateException caused by java.io.IOException");
  }

  @Test
  void createReturningNullIsAPluginFailure() throws IOException {
    Cli.Result result = Cli.run(environment, "auth-test", "--json", connector("create-null"));

    assertPluginFailure(result, "create() returned null");
  }

  @Test
  void credentialThrowingARuntimeExceptionIsAPluginFailure() throws IOException {
    Cli.Result result = Cli.run(environment, "auth-test", "--json", connector("credential-throws"));

    assertPluginFailure(
        result, "credential() threw java.lang.IllegalStateException caused by java.io.IOException");
  }

  @Test
  void credentialThrowingAnErrorIsAPluginFailure() throws IOException {
    Cli.Result result = Cli.run(environment, "auth-test", "--json", connector("credential-error"));

    assertPluginFailure(
        result, "credential() threw java.lang.NoClassDefFoundError" + PluginJars.LINKAGE_ADVICE);
  }

  @Test
  void aDamagedClassInAPluginJarIsAPluginFailureThatSuggestsReinstalling() throws IOException {
    // The strategy's class, loaded only by create().
    PluginJars.damageClass(pluginDirectory.resolve("faulty.jar"), "faulty/FaultyFactory$1.class");

    Cli.Result result = Cli.run(environment, "auth-test", "--json", connector("none"));

    assertPluginFailure(
        result, "create() threw java.lang.ClassFormatError" + PluginJars.LINKAGE_ADVICE);
  }

  @Test
  void closeThrowingAfterASuccessfulAuthTestIsAWarningAndKeepsExitZero() throws IOException {
    Cli.Result result = Cli.run(environment, "auth-test", "--json", connector("close-throws"));

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = ImportJsonOutput.onlyObject(result.out());
    assertThat(json.get("ok").asBoolean()).isTrue();
    assertThat(json.get("tokenFingerprint").asText())
        .isEqualTo(Credential.fingerprint("tok-faulty"));
    assertThat(result.err())
        .contains("WARNING")
        .contains(pluginDirectory.toString())
        .contains("failed to close: close() threw java.lang.IllegalStateException");
    assertThat(result.out() + result.err()).doesNotContain(PluginJars.FAULTY_SECRET);
  }

  @Test
  void withoutJsonThePluginFailureAndItsHintGoToStandardError() throws IOException {
    Cli.Result result = Cli.run(environment, "auth-test", connector("credential-throws"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.UNEXPECTED);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains("error: PLUGIN_FAILURE: the plugin in " + pluginDirectory)
        .contains("hint: " + PluginFailure.HINT)
        .doesNotContain(PluginJars.FAULTY_SECRET)
        .doesNotContain("\tat ");
  }

  @Test
  void debugShowsThePluginsStackFramesButNotItsMessages() throws IOException {
    Cli.Result result =
        Cli.run(environment, "auth-test", "--debug", connector("credential-throws"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.UNEXPECTED);
    assertThat(result.err())
        .contains("debug: io.customauth.runner.plugin.PluginFailure")
        .contains("debug: caused by java.lang.IllegalStateException")
        .contains("debug: caused by java.io.IOException")
        .containsPattern("at faulty\\.FaultyFactory\\.failAt\\(FaultyFactory\\.java:\\d+\\)")
        .doesNotContain(PluginJars.FAULTY_SECRET);
  }

  @Test
  void thePluginFailureHintIsTheImportsOne() {
    assertThat(PluginFailure.HINT).isEqualTo(ImportErrorCode.PLUGIN_FAILURE.hint());
    assertThat(PluginFailure.CODE).isEqualTo(ImportErrorCode.PLUGIN_FAILURE.name());
  }

  @Test
  void aPluginThatNeedsItsContextClassLoaderWorksInEveryCall() throws IOException {
    Path file =
        Files.writeString(
            home.resolve("loaders.json"), "{\"name\": \"l\", \"auth\": {\"type\": \"loaders\"}}");

    Cli.Result result = Cli.run(environment, "auth-test", "--json", file.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(ImportJsonOutput.onlyObject(result.out()).get("tokenFingerprint").asText())
        .isEqualTo(Credential.fingerprint("hello"));
  }

  private String connector(String fault) throws IOException {
    return Files.writeString(
            home.resolve(fault + ".json"),
            "{\"name\": \"f\", \"auth\": {\"type\": \"faulty\", \"fault\": \"" + fault + "\"}}")
        .toString();
  }

  private void assertPluginFailure(Cli.Result result, String what) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.UNEXPECTED);
    JsonNode error = ImportJsonOutput.onlyObject(result.out()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("PLUGIN_FAILURE");
    assertThat(error.get("message").asText())
        .isEqualTo(
            "the plugin in " + pluginDirectory + " (type 'faulty', version 0.9.1) failed: " + what);
    assertThat(error.get("hint").asText()).isEqualTo(PluginFailure.HINT);
    assertThat(error.has("violations")).isFalse();
    assertThat(result.out() + result.err()).doesNotContain(PluginJars.FAULTY_SECRET);
  }
}
