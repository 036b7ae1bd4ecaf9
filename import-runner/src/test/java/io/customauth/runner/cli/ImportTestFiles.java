package io.customauth.runner.cli;

import io.customauth.runner.ChildJvm;
import io.customauth.runner.plugin.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Input files and connector files for the command tests. Every record has an {@code id} of its
 * file's prefix and its row number ({@code a1}, {@code a2}, …), so a sink can tell which file each
 * record of a batch came from.
 */
final class ImportTestFiles {
  /** The environment variable the connector files read the client secret from. */
  static final String SECRET_VARIABLE = "SINK_CLIENT_SECRET";

  private ImportTestFiles() {}

  static List<String> ids(String prefix, int rows) {
    return IntStream.rangeClosed(1, rows).mapToObj(i -> prefix + i).toList();
  }

  /** The ids of several files, sorted as {@link ImportSink#acceptedIds()} returns them. */
  @SafeVarargs
  static List<String> sortedIds(List<String>... files) {
    return Stream.of(files).flatMap(List::stream).sorted().toList();
  }

  /** A CSV file with a header and RFC 4180 quoting in one column. */
  static Path csv(Path dir, String name, String prefix, int rows) throws IOException {
    String body =
        IntStream.rangeClosed(1, rows)
            .mapToObj(i -> prefix + i + ",\"name, " + i + "\"," + i)
            .collect(Collectors.joining("\n", "id,name,n\n", "\n"));
    return Files.writeString(dir.resolve(name), body);
  }

  static Path ndjson(Path dir, String name, String prefix, int rows) throws IOException {
    String body =
        IntStream.rangeClosed(1, rows)
            .mapToObj(i -> "{\"id\":\"" + prefix + i + "\",\"n\":" + i + "}")
            .collect(Collectors.joining("\n", "", "\n"));
    return Files.writeString(dir.resolve(name), body);
  }

  static Path jsonArray(Path dir, String name, String prefix, int rows) throws IOException {
    String body =
        IntStream.rangeClosed(1, rows)
            .mapToObj(i -> "  {\"id\": \"" + prefix + i + "\", \"n\": " + i + "}")
            .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
    return Files.writeString(dir.resolve(name), body);
  }

  /**
   * A {@code custom} connector for an {@link ImportSink}: the client secret from {@code
   * ${env:SINK_CLIENT_SECRET}}, the token from {@code access_token}, its life from {@code
   * expires_in}.
   */
  /**
   * A child JVM's command line importing a.csv and b.ndjson (in its working directory) through
   * {@code connector} with the real plugin, state in ./state, {@code --json --progress plain}.
   */
  static List<String> childImportOfAAndB(Path connector) {
    return ChildJvm.command(
        ImportRunnerCommand.class,
        "import",
        "--plugins-dir",
        PluginJars.REAL_PLUGINS.toString(),
        connector.toString(),
        "--project",
        "p",
        "a.csv",
        "b.ndjson",
        "--state-dir",
        "state",
        "--json",
        "--progress",
        "plain");
  }

  static Path sinkConnector(Path dir, ImportSink sink, int batchSize, int concurrency)
      throws IOException {
    return Files.writeString(
        dir.resolve("sink-connector.json"),
        """
        {
          "name": "sink",
          "auth": {
            "type": "custom",
            "method": "POST",
            "authenticationUrl": "%s",
            "requestBody": [
              {"key": "client_id", "value": "import-tests"},
              {"key": "client_secret", "value": "${env:%s}"},
              {"key": "grant_type", "value": "client_credentials"}
            ],
            "tokenKeyName": "access_token",
            "expiryKeyName": "expires_in",
            "expiryType": "seconds",
            "safetyWindowSeconds": 1,
            "timeoutSeconds": 5
          },
          "upload": {
            "url": "%s",
            "format": "json",
            "batchSize": %d,
            "concurrency": %d,
            "maxAttempts": 3
          }
        }
        """
            .formatted(
                sink.tokenUrl(),
                SECRET_VARIABLE,
                sink.uploadUrlTemplate(),
                batchSize,
                concurrency));
  }

  /** The number of batches the journal of {@code importId} holds as acknowledged. */
  static long journalAcks(Path stateDir, String importId) {
    try (Stream<String> lines = Files.lines(stateDir.resolve(importId + ".journal"))) {
      return lines.filter(line -> line.contains("\"type\":\"ack\"")).count();
    } catch (IOException | RuntimeException e) {
      return 0; // not written yet
    }
  }
}
