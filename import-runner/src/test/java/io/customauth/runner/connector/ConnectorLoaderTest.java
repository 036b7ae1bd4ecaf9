package io.customauth.runner.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.plugin.PluginHost;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.runner.secrets.ReferenceResolver;
import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthException;
import io.customauth.spi.Connector;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.SecretResolver;
import io.customauth.spi.UploadTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Connector files against a real plugin ("static", compiled by the test), JSON and YAML. */
class ConnectorLoaderTest {
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

  @Test
  void readsAJsonConnectorWithUploadDefaults() throws IOException {
    Path file =
        write(
            "acme.json",
            """
            {"name": "acme", "auth": {"type": "static", "token": "${env:TOKEN}"},
             "upload": {"url": "https://api.acme.example/v1/projects/{project}/records"}}
            """);

    ConnectorDefinition connector = loader.read(file);

    assertThat(connector.name()).isEqualTo("acme");
    assertThat(connector.type()).isEqualTo("static");
    assertThat(connector.auth()).containsEntry("token", "${env:TOKEN}");
    assertThat(connector.upload())
        .contains(UploadTarget.of("https://api.acme.example/v1/projects/{project}/records"));
  }

  @Test
  void readsAYamlConnectorWithEveryUploadField() throws IOException {
    Path file =
        write(
            "acme.yaml",
            """
            name: acme
            auth:
              type: static
              token: abc
            upload:
              url: http://127.0.0.1:8080/records
              method: PUT
              format: ndjson
              batchSize: 10
              concurrency: 2
              maxAttempts: 3
            """);

    ConnectorDefinition connector = loader.read(file);

    assertThat(connector.upload())
        .contains(new UploadTarget("http://127.0.0.1:8080/records", "PUT", "ndjson", 10, 2, 3));
  }

  @Test
  void aConnectorWithoutUploadIsValidForAuthTesting() throws IOException {
    Path file = write("a.yml", "name: a\nauth: {type: static, token: t}\n");

    assertThat(loader.read(file).upload()).isEmpty();
  }

  @Test
  void reportsEveryViolationAtOnceIncludingThePluginsUnderAuth() throws IOException {
    Path file =
        write(
            "bad.json",
            """
            {"nmae": "typo", "auth": {"type": "static", "tokn": "x"},
             "upload": {"url": "http://api.acme.example/x", "method": "GET", "format": "xml",
                        "batchSize": 0, "concurrency": "4", "maxAttempts": 1000, "retries": 3}}
            """);

    assertThat(loader.violations(file))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder(
            "nmae: unknown field; did you mean name? Known fields: name, auth, upload",
            "name: is required",
            "auth.tokn: unknown field",
            "auth.token: is required",
            "upload.retries: unknown field; known fields: url, method, format, batchSize,"
                + " concurrency, maxAttempts, maxBatchBytes, reauthenticateOn",
            "upload.url: must use https; plain http is allowed only for loopback hosts",
            "upload.method: unknown value; known values: POST, PUT",
            "upload.format: unknown value; known values: json, ndjson",
            "upload.batchSize: must be between 1 and 100000",
            "upload.concurrency: must be a whole number",
            "upload.maxAttempts: must be between 1 and 100");
  }

  @Test
  void aMisspelledUploadFieldSuggestsTheNearestOne() throws IOException {
    Path file =
        write(
            "typo.json",
            """
            {"name": "a", "auth": {"type": "static", "token": "t"},
             "upload": {"url": "https://api.acme.example/x", "batchsize": 10}}
            """);

    assertThat(loader.violations(file))
        .extracting(Object::toString)
        .containsExactly(
            "upload.batchsize: unknown field; did you mean batchSize? Known fields: url, method,"
                + " format, batchSize, concurrency, maxAttempts, maxBatchBytes, reauthenticateOn");
  }

  @Test
  void aMisspelledUploadValueSuggestsTheNearestOneWithoutRepeatingIt() throws IOException {
    Path file =
        write(
            "typo.json",
            """
            {"name": "a", "auth": {"type": "static", "token": "t"},
             "upload": {"url": "https://api.acme.example/x", "method": "PTU"}}
            """);

    assertThat(loader.violations(file))
        .extracting(Object::toString)
        .containsExactly("upload.method: unknown value; did you mean PUT? Known values: POST, PUT");
  }

  @Test
  void reauthenticateOnListsTheStatusesThatMeanTheTokenWasRejected() throws IOException {
    Path file =
        write(
            "a.json",
            """
            {"name": "a", "auth": {"type": "static", "token": "t"},
             "upload": {"url": "https://api.acme.example/x", "reauthenticateOn": [403, 401]}}
            """);

    assertThat(loader.read(file).upload().orElseThrow().reauthenticateOn())
        .containsExactly(401, 403);
  }

  @Test
  void reauthenticateOnRefusesAStatusThatDoesNotMeanARejectedToken() throws IOException {
    Path file =
        write(
            "a.json",
            """
            {"name": "a", "auth": {"type": "static", "token": "t"},
             "upload": {"url": "https://api.acme.example/x", "reauthenticateOn": [401, 500]}}
            """);

    assertThat(loader.violations(file))
        .extracting(Object::toString)
        .containsExactly(
            "upload.reauthenticateOn: must be a list of the statuses that mean the token was"
                + " rejected, among 401, 403, 419, 440; the default is [401]");
  }

  @Test
  void anInvalidConnectorFailsWithConfigInvalidListingEveryViolation() throws IOException {
    Path file = write("bad.json", "{\"auth\": {\"type\": \"static\"}}");

    AuthException failure = catchThrowableOfType(AuthException.class, () -> loader.read(file));

    assertThat(failure.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(failure.violations())
        .extracting(Object::toString)
        .containsExactly("name: is required", "auth.token: is required");
  }

  @Test
  void anUnknownAuthTypeListsTheAvailableTypes() throws IOException {
    Path file = write("c.json", "{\"name\": \"c\", \"auth\": {\"type\": \"oauth9\"}}");

    assertThat(loader.violations(file))
        .extracting(Object::toString)
        .containsExactly(
            "auth.type: no installed plugin provides this type; available types: static");
  }

  @Test
  void aMissingAuthTypeListsTheAvailableTypes() throws IOException {
    Path file = write("c.json", "{\"name\": \"c\", \"auth\": {}}");

    assertThat(loader.violations(file))
        .extracting(Object::toString)
        .containsExactly(
            "auth.type: is required and must name an auth type; available types: static");
  }

  @Test
  void moreThanOneAuthBlockIsRejected() throws IOException {
    Path list = write("list.json", "{\"name\": \"c\", \"auth\": [{\"type\": \"static\"}]}");
    Path twice =
        write(
            "twice.json",
            "{\"name\": \"c\", \"auth\": {\"type\": \"static\"}, \"auth\": {\"type\": \"x\"}}");

    assertThat(loader.violations(list))
        .extracting(Object::toString)
        .containsExactly("auth: must be one object: a connector has exactly one auth block");
    assertThat(loader.violations(twice))
        .extracting(Object::toString)
        .singleElement()
        .asString()
        .contains("duplicate key 'auth'");
  }

  @Test
  void aSyntaxErrorGivesLineAndColumnButNotTheText() throws IOException {
    Path file = write("broken.json", "{\n  \"name\": \"c\",\n  \"auth\": s3cr3t-value\n}");

    assertThat(loader.violations(file))
        .extracting(Object::toString)
        .singleElement()
        .asString()
        .contains("JSON syntax error at line 3")
        .doesNotContain("s3cr3t");
  }

  @Test
  void aMissingFileNamesThePathTriedAndHowItIsResolved() {
    Path absent = directory.resolve("absent.json");

    assertThat(loader.violations(absent))
        .extracting(Object::toString)
        .containsExactly(
            "the connector file "
                + absent.toAbsolutePath()
                + " does not exist; check the path (a relative one starts from the working"
                + " directory)");
  }

  @Test
  void aDirectoryGivenAsTheConnectorSaysItIsADirectory() throws IOException {
    Path folder = Files.createDirectories(directory.resolve("connectors"));

    assertThat(loader.violations(folder))
        .extracting(Object::toString)
        .containsExactly(
            "the connector file "
                + folder.toAbsolutePath()
                + " is a directory, not a file; name the .json, .yaml or .yml file in it");
  }

  @Test
  void aConnectorFileLargerThanOneMebibyteIsRefusedWithoutParsingIt() throws IOException {
    Path huge = directory.resolve("huge.json");
    Files.writeString(huge, "{\"name\": \"" + "x".repeat(1024 * 1024) + "\"}");

    assertThat(loader.violations(huge))
        .extracting(Object::toString)
        .containsExactly(
            "the connector file "
                + huge.toAbsolutePath()
                + " is 1.1 MiB; a connector file may hold at most 1 MiB");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void aFifoGivenAsTheConnectorIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = directory.resolve("connector.json");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor())
        .isZero();

    assertThat(loader.violations(fifo))
        .extracting(Object::toString)
        .containsExactly(
            "the connector file " + fifo.toAbsolutePath() + " is a FIFO, not a regular file");
  }

  @Test
  void trailingContentAfterTheJsonObjectIsASyntaxError() throws IOException {
    Path file =
        write(
            "trailing.json",
            "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\": \"t\"}}\n{\"x\": 1}");

    assertThat(loader.violations(file))
        .extracting(Object::toString)
        .singleElement()
        .asString()
        .startsWith("JSON syntax error at line 2");
  }

  @Test
  void eachConnectorGetsTheContextOfItsOwnDirectory() throws IOException {
    Path teamA = Files.createDirectories(directory.resolve("team-a"));
    Files.writeString(teamA.resolve("token.txt"), "token-of-team-a\n");
    Path file =
        Files.writeString(
            teamA.resolve("a.json"),
            "{\"name\": \"a\", \"auth\": {\"type\": \"static\", \"token\":"
                + " \"${file:token.txt}\"}}");
    List<Path> asked = new ArrayList<>();
    ConnectorLoader opening =
        new ConnectorLoader(
            plugins,
            connectorDirectory -> {
              asked.add(connectorDirectory);
              return context(ReferenceResolver.of(Map.of(), connectorDirectory));
            });

    try (Connector connector = opening.open(file)) {
      assertThat(connector.auth().credential().token()).isEqualTo("token-of-team-a");
    }
    assertThat(asked).containsExactly(teamA.toAbsolutePath());
  }

  @Test
  void openForImportRefusesAConnectorWithoutUploadBeforeCreatingItsStrategy() throws IOException {
    Path file =
        write("a.json", "{\"name\": \"a\", \"auth\": {\"type\": \"static\", \"token\": \"t\"}}");
    ConnectorLoader opening =
        new ConnectorLoader(
            plugins,
            connectorDirectory -> {
              throw new AssertionError("no strategy may be created");
            });

    AuthException failure =
        catchThrowableOfType(AuthException.class, () -> opening.openForImport(file));

    assertThat(failure.violations())
        .extracting(Object::toString)
        .containsExactly("upload: is required to import: add an upload block with at least a url");
  }

  @Test
  void aReadOnlyLoaderRefusesToOpen() throws IOException {
    Path file =
        write("a.json", "{\"name\": \"a\", \"auth\": {\"type\": \"static\", \"token\": \"t\"}}");

    assertThatThrownBy(() -> loader.open(file)).isInstanceOf(IllegalStateException.class);
  }

  private static AuthContext context(SecretResolver secrets) {
    return new AuthContext() {
      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }

      @Override
      public ScheduledExecutorService scheduler() {
        throw new UnsupportedOperationException("the static plugin schedules nothing");
      }

      @Override
      public SecretResolver secrets() {
        return secrets;
      }
    };
  }

  @Test
  void uploadUrlsFollowTheHttpsOrLoopbackRule() throws IOException {
    for (String allowed :
        new String[] {
          "https://api.example.com/{project}",
          "http://localhost:9/x",
          "http://127.0.0.2/x",
          "http://[::1]:8080/x"
        }) {
      Path file = write("ok.json", connectorWithUploadUrl(allowed));
      assertThat(loader.violations(file)).as(allowed).isEmpty();
    }
    for (String refused :
        new String[] {
          "http://10.0.0.1/x", "ftp://example.com/x", "/relative", "http://128.0.0.1/"
        }) {
      Path file = write("bad.json", connectorWithUploadUrl(refused));
      assertThat(loader.violations(file))
          .as(refused)
          .singleElement()
          .satisfies(violation -> assertThat(violation.path()).isEqualTo("upload.url"));
    }
  }

  @Test
  void theProjectPlaceholderOutsideTheUploadUrlsPathIsAViolationOfUploadUrl() throws IOException {
    for (String refused :
        new String[] {
          "https://{project}.example.com/x", "https://api.example.com/x?p={project}",
        }) {
      Path file = write("bad.json", connectorWithUploadUrl(refused));
      assertThat(loader.violations(file))
          .as(refused)
          .extracting(Object::toString)
          .containsExactly(
              "upload.url: {project} may only stand in the URL's path, not in its host, port,"
                  + " query or fragment");
    }
  }

  @Test
  void nullValuesInTheAuthBlockAreReportedNotPassedToThePlugin() throws IOException {
    Path file =
        write("n.json", "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\": null}}");

    assertThat(loader.violations(file))
        .extracting(Object::toString)
        .contains("auth.token: must not be null; remove the field instead");
  }

  @Test
  void theDefinitionsToStringDoesNotShowAuthValues() throws IOException {
    Path file =
        write(
            "s.json",
            "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\": \"tok-123\"}}");

    assertThat(loader.read(file).toString()).contains("token").doesNotContain("tok-123");
  }

  private static String connectorWithUploadUrl(String url) {
    return "{\"name\": \"c\", \"auth\": {\"type\": \"static\", \"token\": \"t\"}, \"upload\":"
        + " {\"url\": \""
        + url
        + "\"}}";
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(directory.resolve(name), content);
  }
}
