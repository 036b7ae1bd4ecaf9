package io.customauth.examples.staticapikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.spi.AuthStrategy;
import io.customauth.spi.AuthStrategyFactory;
import io.customauth.spi.testkit.AuthStrategyConformance;
import io.customauth.spi.testkit.RecordingRequest;
import io.customauth.spi.testkit.TestAuthContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The test kit's whole conformance suite, plus what is particular to this plugin. */
class StaticApiKeyConformanceTest extends AuthStrategyConformance {
  private static final String KEY = "k-8f2b1c9d4e";

  @Override
  protected AuthStrategyFactory factory() {
    return new StaticApiKeyFactory();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("type", "static-api-key", "key", "${env:API_KEY}", "header", "X-Api-Key");
  }

  @Override
  protected void configure(TestAuthContext context) {
    context.env("API_KEY", KEY);
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(KEY);
  }

  @Test
  void sendsTheKeyInTheConfiguredHeader() {
    RecordingRequest request = RecordingRequest.upload();
    newStrategy().authenticate(request);
    assertThat(request.headersSet()).containsExactly(Map.entry("X-Api-Key", List.of(KEY)));
  }

  @Test
  void theHeaderDefaultsToXApiKey() {
    RecordingRequest request = RecordingRequest.upload();
    factory()
        .create(Map.of("type", "static-api-key", "key", "plain"), context)
        .authenticate(request);
    assertThat(request.header("X-API-Key")).contains("plain");
  }

  @Test
  void aRotatedKeyIsPickedUpWithoutANewStrategy() {
    AuthStrategy strategy = newStrategy();
    strategy.credential();
    context.env("API_KEY", "k-rotated");
    assertThat(strategy.credential().token()).isEqualTo("k-rotated");
  }
}
