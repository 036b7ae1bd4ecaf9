package io.customauth.plugin.custom;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.customauth.spi.AuthStrategyFactory;
import io.customauth.spi.testkit.AuthStrategyConformance;
import io.customauth.spi.testkit.TestAuthContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shipped plugin passes the same conformance suite as every third-party plugin, against a
 * loopback token endpoint of its own that issues a new token per request, only to the right client
 * secret.
 */
class CustomAuthConformanceTest extends AuthStrategyConformance {
  private static final String CLIENT_SECRET = "conformance-client-s3cret";

  private HttpServer provider;
  private final AtomicInteger issued = new AtomicInteger();

  @BeforeEach
  void startProvider() throws IOException {
    provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    provider.createContext("/token", this::token);
    provider.start();
  }

  @AfterEach
  void stopProvider() {
    provider.stop(0);
  }

  private void token(HttpExchange exchange) throws IOException {
    String form = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
    byte[] answer =
        form.contains("client_secret=" + CLIENT_SECRET)
            ? ("{\"access_token\": \"tok-"
                    + issued.incrementAndGet()
                    + "-a1b2c3\","
                    + " \"expires_in\": 3600}")
                .getBytes(UTF_8)
            : "{\"error\": \"invalid_client\"}".getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.length > 40 ? 200 : 401, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  @Override
  protected AuthStrategyFactory factory() {
    return new CustomAuthStrategyFactory();
  }

  @Override
  protected Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("type", "custom");
    config.put("method", "POST");
    config.put(
        "authenticationUrl", "http://127.0.0.1:" + provider.getAddress().getPort() + "/token");
    config.put(
        "requestBody",
        List.of(
            Map.of("key", "client_id", "value", "importer"),
            Map.of("key", "client_secret", "value", "${env:CLIENT_SECRET}")));
    config.put("tokenKeyName", "access_token");
    config.put("expiryKeyName", "expires_in");
    config.put("expiryType", "seconds");
    config.put("timeoutSeconds", 5);
    return config;
  }

  @Override
  protected void configure(TestAuthContext context) {
    context.env("CLIENT_SECRET", CLIENT_SECRET);
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(CLIENT_SECRET);
  }

  @Override
  protected List<Map<String, Object>> invalidConfigs() {
    Map<String, Object> typo = new LinkedHashMap<>(config());
    typo.put("requestBody", List.of(Map.of("key", "client_secret", "valeu", CLIENT_SECRET)));
    return List.of(typo);
  }
}
