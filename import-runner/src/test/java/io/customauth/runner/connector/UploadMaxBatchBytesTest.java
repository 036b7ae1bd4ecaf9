package io.customauth.runner.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.plugin.PluginHost;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.spi.UploadTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code upload.maxBatchBytes}: 8 MiB by default, 1 KiB to 64 MiB when set. */
class UploadMaxBatchBytesTest {
  @TempDir Path directory;
  private PluginCatalog plugins;
  private ConnectorLoader loader;

  @BeforeEach
  void loadStaticPlugin() throws IOException {
    Path pluginsDir = Files.createDirectories(directory.resolve("plugins/static"));
    PluginJars.staticPlugin(pluginsDir.resolve("static.jar"));
    plugins = new PluginHost().discover(directory.resolve("plugins"));
    loader = new ConnectorLoader(plugins);
  }

  @AfterEach
  void closePlugins() {
    plugins.close();
  }

  private Path connector(String maxBatchBytes) throws IOException {
    String field = maxBatchBytes == null ? "" : ", \"maxBatchBytes\": " + maxBatchBytes;
    return Files.writeString(
        directory.resolve("c.json"),
        "{\"name\": \"acme\", \"auth\": {\"type\": \"static\", \"token\": \"t\"},"
            + " \"upload\": {\"url\": \"https://api.acme.example/records\""
            + field
            + "}}");
  }

  @Test
  void defaultsTo8MiB() throws IOException {
    assertThat(loader.read(connector(null)).upload())
        .map(UploadTarget::maxBatchBytes)
        .contains(8 * 1024 * 1024);
  }

  @ParameterizedTest
  @ValueSource(ints = {1024, 1_000_000, 64 * 1024 * 1024})
  void acceptsAValueFrom1KiBTo64MiB(int bytes) throws IOException {
    assertThat(loader.read(connector(Integer.toString(bytes))).upload())
        .map(UploadTarget::maxBatchBytes)
        .contains(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1023", "67108865", "0", "-1", "1.5", "\"8MB\"", "99999999999"})
  void refusesAnythingElseNamingTheFieldAndTheRange(String value) throws IOException {
    assertThat(loader.violations(connector(value)))
        .extracting(Object::toString)
        .containsExactly(
            "upload.maxBatchBytes: must be a whole number of bytes between 1024 (1 KiB) and"
                + " 67108864 (64 MiB); the default is 8388608 (8 MiB)");
  }
}
