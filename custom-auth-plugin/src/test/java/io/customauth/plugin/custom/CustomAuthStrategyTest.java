package io.customauth.plugin.custom;

import static io.customauth.plugin.custom.fixtures.Configs.row;
import static io.customauth.plugin.custom.fixtures.Configs.rows;
import static io.customauth.plugin.custom.fixtures.FakeProvider.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.plugin.custom.fixtures.FakeProvider;
import io.customauth.plugin.custom.fixtures.RecordingContext;
import io.customauth.spi.AuthException;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.AuthStrategyFactory;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.OutgoingRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CustomAuthStrategyTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final FakeProvider provider = FakeProvider.http();
  private final RecordingContext context = new RecordingContext(CLOCK, Map.of());
  private final CustomAuthStrategyFactory factory = new CustomAuthStrategyFactory();

  @AfterEach
  void stop() {
    provider.close();
    context.close();
  }

  /** What a host's request builder would receive. */
  private static class Recorded implements OutgoingRequest {
    final Map<String, String> headers = new LinkedHashMap<>();
    final List<Map.Entry<String, String>> query = new ArrayList<>();

    @Override
    public void setHeader(String name, String value) {
      headers.put(name, value);
    }

    @Override
    public void addQueryParameter(String name, String value) {
      query.add(Map.entry(name, value));
    }
  }

  private Map<String, Object> config() {
    provider.answer("/token", json("{\"access_token\":\"tok\",\"expires_in\":3600}"));
    return Configs.custom(provider.url("/token"));
  }

  private Recorded authenticate(Map<String, Object> config) {
    Recorded request = new Recorded();
    try (AuthStrategy strategy = factory.create(config, context)) {
      strategy.authenticate(request);
    }
    return request;
  }

  @Test
  void isFoundByServiceLoaderAsCustom() {
    assertThat(ServiceLoader.load(AuthStrategyFactory.class))
        .anySatisfy(
            found -> {
              assertThat(found).isInstanceOf(CustomAuthStrategyFactory.class);
              assertThat(found.type()).isEqualTo("custom");
            });
  }

  @Test
  void validateReturnsEveryViolation() {
    Map<String, Object> config = config();
    config.put("method", "GET");
    config.put("requestBody", rows(row("a", "b")));
    config.put("expiryType", "hours");

    assertThat(factory.validate(config))
        .extracting(ConfigViolation::path)
        .containsExactly("expiryType", "requestBody");
  }

  @Test
  void createRejectsAnInvalidConfigWithEveryViolation() {
    Map<String, Object> config = config();
    config.put("expiryType", "hours");
    config.put("unknown", true);

    assertThatThrownBy(() -> factory.create(config, context))
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
              assertThat(e.violations()).hasSize(2);
            });
  }

  @Test
  void createDoesNotFetchAToken() {
    try (AuthStrategy strategy = factory.create(config(), context)) {
      assertThat(strategy.type()).isEqualTo("custom");
    }

    assertThat(provider.requests("/token")).isEmpty();
  }

  @Test
  void credentialFetchesFromTheProviderAndReportsTheRefresh() {
    try (AuthStrategy strategy = factory.create(config(), context)) {
      Credential credential = strategy.credential();

      assertThat(credential.token()).isEqualTo("tok");
      assertThat(context.refreshed()).containsExactly(credential);
    }
  }

  @Test
  void injectsAnAuthorizationBearerHeaderByDefault() {
    Recorded request = authenticate(config());

    assertThat(request.headers).containsExactly(Map.entry("Authorization", "Bearer tok"));
    assertThat(request.query).isEmpty();
  }

  @Test
  void injectsACustomHeaderWithItsPrefix() {
    Map<String, Object> config = config();
    config.put("inject", Map.of("header", "X-Api-Key", "prefix", "Token "));

    assertThat(authenticate(config).headers).containsExactly(Map.entry("X-Api-Key", "Token tok"));
  }

  @Test
  void injectsACustomHeaderWithoutPrefixByDefault() {
    Map<String, Object> config = config();
    config.put("inject", Map.of("header", "X-Api-Key"));

    assertThat(authenticate(config).headers).containsExactly(Map.entry("X-Api-Key", "tok"));
  }

  @Test
  void injectsAQueryParameter() {
    Map<String, Object> config = config();
    config.put("inject", Map.of("queryParameter", "access_token"));

    Recorded request = authenticate(config);

    assertThat(request.query).containsExactly(Map.entry("access_token", "tok"));
    assertThat(request.headers).isEmpty();
  }

  @Test
  void aRejectedCredentialIsReplacedByTheNextFetch() {
    provider.answer(
        "/token",
        json("{\"access_token\":\"first\",\"expires_in\":3600}"),
        json("{\"access_token\":\"second\",\"expires_in\":3600}"));
    try (AuthStrategy strategy = factory.create(Configs.custom(provider.url("/token")), context)) {
      Credential first = strategy.credential();

      strategy.rejected(first);

      assertThat(strategy.credential().token()).isEqualTo("second");
    }
  }

  @Test
  void theHeaderValueIsBuiltOncePerTokenNotPerRequest() {
    provider.answer(
        "/token",
        json("{\"access_token\":\"first\",\"expires_in\":3600}"),
        json("{\"access_token\":\"second\",\"expires_in\":3600}"));
    try (AuthStrategy strategy = factory.create(Configs.custom(provider.url("/token")), context)) {
      Recorded one = new Recorded();
      Recorded two = new Recorded();
      strategy.authenticate(one);
      strategy.authenticate(two);

      // The same String instance: nothing was built for the second request.
      assertThat(two.headers.get("Authorization")).isSameAs(one.headers.get("Authorization"));

      strategy.rejected(strategy.credential());
      Recorded afterRefresh = new Recorded();
      strategy.authenticate(afterRefresh);

      assertThat(afterRefresh.headers).containsExactly(Map.entry("Authorization", "Bearer second"));
    }
  }

  @Test
  void aHangingRefreshDoesNotHoldTheHostsSchedulerThread() {
    // 400 ms tokens: the refresh ahead is due after 200 ms, then the endpoint never answers.
    provider.answerThenHang("/token", json("{\"access_token\":\"tok\",\"expires_in\":400}"));
    Map<String, Object> config = Configs.custom(provider.url("/token"));
    config.put("expiryType", "milliseconds");
    AtomicBoolean otherTaskRan = new AtomicBoolean();

    // RecordingContext lends a host scheduler of one thread.
    try (AuthStrategy strategy = factory.create(config, context)) {
      strategy.credential();
      await().atMost(Duration.ofSeconds(5)).until(() -> provider.requests("/token").size() == 2);
      context.scheduler().schedule(() -> otherTaskRan.set(true), 10, TimeUnit.MILLISECONDS);

      await().atMost(Duration.ofSeconds(1)).untilTrue(otherTaskRan);
    }
  }

  @Test
  void anUnexpectedFailureInCredentialCrossesTheBoundaryAsAnAuthException() {
    AuthStrategy strategy = factory.create(config(), context);
    strategy.close();

    assertThatThrownBy(strategy::credential)
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE))
        .hasMessageContaining("IllegalStateException")
        .hasNoCause();
  }

  @Test
  void anUnexpectedFailureInApplyCrossesTheBoundaryWithoutTheLibrarysMessage() {
    OutgoingRequest refusing =
        new Recorded() {
          @Override
          public void setHeader(String name, String value) {
            throw new IllegalArgumentException("invalid header value " + value);
          }
        };
    try (AuthStrategy strategy = factory.create(config(), context)) {
      Credential credential = strategy.credential();

      assertThatThrownBy(() -> strategy.apply(credential, refusing))
          .isInstanceOfSatisfying(
              AuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_UNUSABLE))
          .hasMessageContaining("IllegalArgumentException")
          .hasNoCause()
          .message()
          .doesNotContain("invalid header value");
    }
  }

  @Test
  void closeIsIdempotent() {
    AuthStrategy strategy = factory.create(config(), context);

    strategy.close();
    strategy.close();

    assertThat(strategy.type()).isEqualTo("custom");
  }

  @Test
  void aFailedExchangeReachesTheCallerWithItsCode() {
    provider.answer("/token", FakeProvider.Answer.status(401));
    try (AuthStrategy strategy = factory.create(Configs.custom(provider.url("/token")), context)) {
      assertThatThrownBy(strategy::credential)
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS));
    }
  }
}
