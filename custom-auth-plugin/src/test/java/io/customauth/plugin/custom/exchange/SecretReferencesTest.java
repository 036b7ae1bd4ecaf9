package io.customauth.plugin.custom.exchange;

import static io.customauth.plugin.custom.fixtures.Configs.row;
import static io.customauth.plugin.custom.fixtures.Configs.rows;
import static io.customauth.plugin.custom.fixtures.FakeProvider.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.plugin.custom.fixtures.FakeProvider;
import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {
  private static final String OK = "{\"access_token\":\"t\",\"expires_in\":3600}";

  private final FakeProvider provider = FakeProvider.http();
  private final ExchangeHarness harness =
      new ExchangeHarness(Map.of("SECRET", "s3cr3t&=", "AUDIENCE", "imports"));

  @AfterEach
  void stop() {
    provider.close();
    harness.close();
  }

  @Test
  void resolvesReferencesInQueryAndBodyWhenTheRequestIsBuilt() {
    provider.answer("/token", json(OK));
    Map<String, Object> config = Configs.custom(provider.url("/token"));
    config.put("queryParameters", rows(row("audience", "${env:AUDIENCE}")));
    config.put("requestBody", rows(row("client_secret", "${env:SECRET}")));

    harness.fetch(config);

    FakeProvider.Request request = provider.requests("/token").get(0);
    assertThat(request.queryPairs()).containsExactly(Map.entry("audience", "imports"));
    assertThat(request.formPairs()).containsExactly(Map.entry("client_secret", "s3cr3t&="));
    assertThat(harness.context.resolvedFields())
        .contains("authenticationUrl", "queryParameters[0].value", "requestBody[0].value");
  }

  @Test
  void resolvesAgainForEveryRequest() {
    provider.answer("/token", json(OK));
    Map<String, Object> config = Configs.custom(provider.url("/token"));
    config.put("requestBody", rows(row("client_secret", "${env:SECRET}")));

    harness.fetch(config);
    harness.fetch(config);

    assertThat(harness.context.resolvedFields())
        .filteredOn("requestBody[0].value"::equals)
        .hasSize(2);
  }

  @Test
  void checksAReferencedUrlOnceResolved() {
    Map<String, Object> config = Configs.custom("${env:AUDIENCE}");

    AuthException e = harness.failure(config);

    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(e.violations()).extracting(v -> v.path()).containsExactly("authenticationUrl");
  }

  @Test
  void anUnresolvableReferenceIsAConfigError() {
    Map<String, Object> config = Configs.custom(provider.url("/token"));
    config.put("requestBody", rows(row("client_secret", "${env:MISSING}")));

    AuthException e = harness.failure(config);

    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(provider.requests("/token")).isEmpty();
  }
}
