package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins that fail during an import, as real jars compiled during the test and loaded by the
 * plugin host, run through the command line: a failing {@code apply()} fails the import without a
 * resume hint; a failing {@code close()} after a completed import is only a warning.
 */
class ImportPluginFaultsTest {
  @TempDir Path dir;

  private Path pluginsWith(String closeBody, String applyBody) throws IOException {
    Path plugins = dir.resolve("plugins");
    Files.createDirectories(plugins.resolve("faulty"));
    String source =
        PluginJars.STATIC_FACTORY
            .replace("\"static\"", "\"faulty\"")
            .replace("public void close() {}", "public void close() { " + closeBody + " }")
            .replace(
                "request.setHeader(\"Authorization\", \"Bearer \" + credential.token());",
                applyBody);
    PluginJars.jar(
        plugins.resolve("faulty/faulty-plugin.jar"),
        Map.of("statictoken.StaticTokenFactory", source),
        "statictoken.StaticTokenFactory");
    return plugins;
  }

  private Cli.Result runImport(Path plugins, ImportSink sink) throws IOException {
    Path connector =
        Files.writeString(
            dir.resolve("faulty.json"),
            """
            {"name": "faulty", "auth": {"type": "faulty", "token": "t"},
             "upload": {"url": "%s", "batchSize": 10, "concurrency": 1}}
            """
                .formatted(sink.uploadUrlTemplate()));
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 30);
    return Cli.run(
        SharedPlugins.testHome(Map.of(), dir),
        "import",
        "--plugins-dir",
        plugins.toString(),
        connector.toString(),
        "--project",
        "p",
        csv.toString(),
        "--state-dir",
        "state",
        "--progress",
        "plain",
        "--json");
  }

  @Test
  void aPluginWhoseCloseThrowsAfterACompletedImportIsAWarningAndExitsZero() throws IOException {
    Path plugins =
        pluginsWith(
            "throw new IllegalStateException(\"close failed\");",
            "request.setHeader(\"Authorization\", \"Bearer \" + credential.token());");
    try (ImportSink sink = new ImportSink("unused", "tok-", 3_600)) {
      sink.script(call -> 200);

      Cli.Result result = runImport(plugins, sink);

      assertThat(result.exitCode()).as(result.err()).isZero();
      JsonNode summary = ImportJsonOutput.onlyObject(result.out());
      assertThat(summary.get("ok").asBoolean()).isTrue();
      assertThat(result.err())
          .contains("the plugin in ", "(type 'faulty', version 1.2.3) failed to close")
          .contains("IllegalStateException", "ignored")
          .doesNotContain("close failed", "\tat ");
    }
  }

  @Test
  void aPluginWhoseApplyThrowsFailsTheImportWithExit4AndNoResumeHint() throws IOException {
    Path plugins = pluginsWith("", "throw new IllegalStateException(\"apply failed\");");
    try (ImportSink sink = new ImportSink("unused", "tok-", 3_600)) {
      sink.script(call -> 200);

      Cli.Result result = runImport(plugins, sink);

      assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
      JsonNode summary = ImportJsonOutput.onlyObject(result.out());
      assertThat(summary.get("ok").asBoolean()).isFalse();
      assertThat(summary.at("/error/code").asText()).isEqualTo("PLUGIN_FAILURE");
      assertThat(summary.at("/error/message").asText())
          .contains("batch 0", "a.csv", "IllegalStateException");
      assertThat(summary.at("/error/hint").asText()).doesNotContain("resume");
      assertThat(result.err()).doesNotContain("Resume with", "apply failed");
      assertThat(sink.calls()).isEmpty();
    }
  }
}
