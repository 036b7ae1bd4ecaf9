package io.customauth.runner.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.runner.plugin.SharedPlugins;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPI 1.1's read view of the request and rejection details, through a real plugin jar compiled
 * during the test: an HMAC-signing strategy signs method, path and query, {@code Content-Type},
 * {@code Idempotency-Key} and the body's digest; a loopback upload endpoint recomputes the
 * signature from the request it received, and answers the first signed request 401 with two
 * challenges, which the plugin reports back on its next request.
 */
class SigningPluginImportTest {
  private static final String KEY = "k3y-material";

  static final String HMAC_FACTORY =
      """
      package hmac;

      import io.customauth.spi.*;
      import java.nio.ByteBuffer;
      import java.nio.charset.StandardCharsets;
      import java.security.MessageDigest;
      import java.util.*;
      import javax.crypto.Mac;
      import javax.crypto.spec.SecretKeySpec;

      public final class HmacFactory implements AuthStrategyFactory {
        public String type() { return "hmac"; }

        public List<ConfigViolation> validate(Map<String, Object> config) {
          return config.get("key") instanceof String
              ? List.of() : List.of(new ConfigViolation("key", "is required"));
        }

        public AuthStrategy create(Map<String, Object> config, AuthContext context) {
          String key = context.secrets().resolve("key", (String) config.get("key"));
          return new AuthStrategy() {
            private volatile String lastRejection = "none";

            public String type() { return "hmac"; }

            public Credential credential() { return Credential.nonExpiring("key-1"); }

            public void apply(Credential credential, OutgoingRequest request) {
              request.addQueryParameter("signed", "v 1");
              request.addHeader("X-Trace", "a");
              request.addHeader("X-Trace", "b");
              request.setHeader("X-Last-Rejection", lastRejection);
              try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                request.body().ifPresent(sha::update);
                String canonical = request.method() + "\\n" + request.uri().getRawPath() + "?"
                    + request.uri().getRawQuery() + "\\n"
                    + request.header("content-type").orElseThrow() + "\\n"
                    + request.headers().get("IDEMPOTENCY-KEY").get(0) + "\\n"
                    + HexFormat.of().formatHex(sha.digest());
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                request.setHeader("Authorization", "HMAC " + credential.token() + ":"
                    + HexFormat.of().formatHex(
                        mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8))));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }

            public void rejected(Credential credential) {
              lastRejection = "old-method";
            }

            public void rejected(Credential credential, Rejection rejection) {
              lastRejection = rejection.status() + "|"
                  + String.join("|", rejection.wwwAuthenticate()) + "|" + rejection.attempt();
            }

            public void close() {}
          };
        }
      }
      """;

  @TempDir Path dir;

  private HttpServer server;
  private final AtomicInteger valid = new AtomicInteger();
  private final AtomicInteger invalid = new AtomicInteger();
  private final List<String> lastRejections = new CopyOnWriteArrayList<>();
  private final List<List<String>> traces = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startUploadEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/upload", this::upload);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void upload(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String canonical =
        exchange.getRequestMethod()
            + "\n"
            + exchange.getRequestURI().getRawPath()
            + "?"
            + exchange.getRequestURI().getRawQuery()
            + "\n"
            + exchange.getRequestHeaders().getFirst("Content-Type")
            + "\n"
            + exchange.getRequestHeaders().getFirst("Idempotency-Key")
            + "\n"
            + hex(sha256(body));
    String expected = "HMAC key-1:" + hex(hmac(canonical));
    boolean ok = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    lastRejections.add(exchange.getRequestHeaders().getFirst("X-Last-Rejection"));
    traces.add(exchange.getRequestHeaders().get("X-Trace"));
    int status;
    if (!ok) {
      invalid.incrementAndGet();
      status = 400;
    } else if (valid.incrementAndGet() == 1) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"imports\"");
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      status = 401;
    } else {
      status = 200;
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Test
  void aPluginSignsMethodPathQueryHeadersAndBodyAndLearnsHowItWasRejected() throws IOException {
    Path plugins = dir.resolve("plugins");
    Files.createDirectories(plugins.resolve("hmac"));
    PluginJars.jar(
        plugins.resolve("hmac/hmac-plugin.jar"),
        Map.of("hmac.HmacFactory", HMAC_FACTORY),
        "hmac.HmacFactory");
    Path connector =
        Files.writeString(
            dir.resolve("signed.json"),
            """
            {"name": "signed", "auth": {"type": "hmac", "key": "${env:HMAC_KEY}"},
             "upload": {"url": "http://127.0.0.1:%d/upload/{project}", "batchSize": 10,
                        "concurrency": 1}}
            """
                .formatted(server.getAddress().getPort()));
    Path csv = ImportTestFiles.csv(dir, "a.csv", "a", 30);

    Cli.Result result =
        Cli.run(
            SharedPlugins.testHome(Map.of("HMAC_KEY", KEY), dir),
            "import",
            "--plugins-dir",
            plugins.toString(),
            connector.toString(),
            "--project",
            "p 1",
            csv.toString(),
            "--state-dir",
            "state",
            "--progress",
            "plain",
            "--json");

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(invalid).hasValue(0);
    assertThat(valid).hasValue(4); // 3 batches, the first sent twice
    assertThat(lastRejections.get(0)).isEqualTo("none");
    assertThat(lastRejections.get(1))
        .isEqualTo("401|Bearer realm=\"imports\"|Bearer error=\"invalid_token\"|1");
    assertThat(traces).allSatisfy(trace -> assertThat(trace).containsExactly("a", "b"));
    assertThat(result.out() + result.err()).doesNotContain(KEY);
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(String canonical) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY.getBytes(UTF_8), "HmacSHA256"));
      return mac.doFinal(canonical.getBytes(UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
