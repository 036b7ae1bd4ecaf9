package io.customauth.runner.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.runner.imports.ImportEngine;
import io.customauth.runner.imports.ImportOptions;
import io.customauth.runner.imports.ImportProgress;
import io.customauth.runner.imports.ImportRequest;
import io.customauth.runner.imports.ImportResult;
import io.customauth.spi.Connector;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * {@code import-runner demo}: starts a {@link DemoProvider} on loopback, writes a connector file of
 * type {@code custom} pointing at it (its secret in a separate file, referenced as {@code
 * ${file:…}}), generates the sample data set, and imports it.
 *
 * <p>Usage: {@code try (Demo demo = Demo.start(dir, Demo.Settings.DEFAULT)) { DemoOutcome o =
 * demo.run(loader, options, progress); }} where {@code loader} loads the written connector file
 * through the plugin host.
 */
public final class Demo implements AutoCloseable {
  public static final String CLIENT_ID = "demo-client";
  public static final String PROJECT_ID = "demo project/1";
  public static final String CONNECTOR_FILE = "demo-connector.json";
  public static final String SECRET_FILE = "demo-client-secret.txt";
  public static final String DATA_FILE = "customers.csv";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param rows records in the sample data set
   * @param tokenLifetime how long the provider's tokens live
   * @param safetyWindowSeconds written into the connector: refresh this long before expiry
   * @param uploadDelay how long the provider takes per upload
   * @param batchSize records per upload request
   * @param concurrency uploads in flight
   */
  public record Settings(
      int rows,
      Duration tokenLifetime,
      int safetyWindowSeconds,
      Duration uploadDelay,
      int batchSize,
      int concurrency) {
    /** About ten seconds on a laptop, with a token refresh every two seconds or so. */
    public static final Settings DEFAULT =
        new Settings(
            SampleData.DEFAULT_ROWS, Duration.ofSeconds(4), 2, Duration.ofMillis(60), 500, 4);

    public Settings {
      requireNonNull(tokenLifetime, "tokenLifetime");
      requireNonNull(uploadDelay, "uploadDelay");
      if (rows < 1 || batchSize < 1 || concurrency < 1 || safetyWindowSeconds < 0) {
        throw new IllegalArgumentException("rows, batchSize and concurrency must be at least 1");
      }
    }
  }

  private final Path directory;
  private final Settings settings;
  private final DemoProvider provider;
  private final Path connectorFile;
  private final Path dataFile;

  private Demo(Path directory, Settings settings, DemoProvider provider) throws IOException {
    this.directory = directory;
    this.settings = settings;
    this.provider = provider;
    this.connectorFile = directory.resolve(CONNECTOR_FILE);
    this.dataFile = directory.resolve(DATA_FILE);
  }

  /**
   * Starts the provider and writes the secret, the connector file and the data into {@code dir}.
   */
  public static Demo start(Path dir, Settings settings) throws IOException {
    Files.createDirectories(dir);
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    DemoProvider provider =
        new DemoProvider(
            CLIENT_ID, secret, settings.tokenLifetime(), settings.uploadDelay(), Clock.systemUTC());
    try {
      Demo demo = new Demo(dir.toAbsolutePath().normalize(), settings, provider);
      demo.writeSecret(secret);
      demo.writeConnector();
      SampleData.writeCsv(demo.dataFile, settings.rows(), 20_240_601L);
      return demo;
    } catch (IOException | RuntimeException e) {
      provider.close();
      throw e;
    }
  }

  /** The connector file the demo uses, for the user to read. */
  public Path connectorFile() {
    return connectorFile;
  }

  public Path dataFile() {
    return dataFile;
  }

  public Path directory() {
    return directory;
  }

  public DemoProvider provider() {
    return provider;
  }

  public int records() {
    return settings.rows();
  }

  /**
   * Loads the connector with {@code loader} (the plugin host, so the runner never knows the
   * strategy is {@code custom}), imports the sample data, and compares the provider's count.
   */
  public DemoOutcome run(
      Function<Path, Connector> loader, ImportOptions options, ImportProgress progress) {
    try (Connector connector = loader.apply(connectorFile)) {
      ImportResult result =
          new ImportEngine(options)
              .start(
                  new ImportRequest(connectorFile, PROJECT_ID, List.of(dataFile)),
                  connector,
                  progress);
      return new DemoOutcome(
          result, settings.rows(), provider.recordsReceived(), provider.tokensIssued());
    }
  }

  private void writeSecret(String secret) throws IOException {
    Path file = directory.resolve(SECRET_FILE);
    Files.deleteIfExists(file);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, secret);
  }

  private void writeConnector() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", "demo");
    ObjectNode auth = root.putObject("auth");
    auth.put("type", "custom");
    auth.put("method", "POST");
    auth.put("authenticationUrl", provider.tokenUri().toString());
    ArrayNode body = auth.putArray("requestBody");
    body.addObject().put("key", "client_id").put("value", CLIENT_ID);
    body.addObject()
        .put("key", "client_secret")
        .put("value", "${file:" + directory.resolve(SECRET_FILE) + "}");
    body.addObject().put("key", "grant_type").put("value", "client_credentials");
    auth.put("tokenKeyName", "auth.client_token");
    auth.put("expiryKeyName", "/auth/lease/expires_at");
    auth.put("expiryType", "datetime");
    auth.put("safetyWindowSeconds", settings.safetyWindowSeconds());
    auth.put("timeoutSeconds", 5);
    ObjectNode upload = root.putObject("upload");
    upload.put("url", provider.uploadUrlTemplate());
    upload.put("method", "POST");
    upload.put("format", "json");
    upload.put("batchSize", settings.batchSize());
    upload.put("concurrency", settings.concurrency());
    upload.put("maxAttempts", 5);
    Files.writeString(
        connectorFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  @Override
  public void close() {
    provider.close();
  }
}
