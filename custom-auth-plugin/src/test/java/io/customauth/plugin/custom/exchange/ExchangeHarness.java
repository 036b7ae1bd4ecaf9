package io.customauth.plugin.custom.exchange;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.customauth.plugin.custom.config.ConfigReader;
import io.customauth.plugin.custom.config.CustomAuthConfig;
import io.customauth.plugin.custom.fixtures.RecordingContext;
import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * Runs one {@link TokenExchange#fetch()} for a config map, with a fixed clock and a sleeper that
 * records each requested wait instead of sleeping.
 */
final class ExchangeHarness implements AutoCloseable {
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final RecordingContext context;
  final List<Duration> waits = new CopyOnWriteArrayList<>();

  /**
   * No jitter randomness: the backoff is exactly half its nominal value. The attempts are the
   * config's {@code maxAttempts}, as in the factory.
   */
  final RetryPolicy retries =
      new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.0);

  final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor();

  ExchangeHarness() {
    this(Map.of());
  }

  ExchangeHarness(Map<String, String> env) {
    context = new RecordingContext(clock, env);
  }

  Credential fetch(Map<String, Object> config) {
    CustomAuthConfig settings = ConfigReader.read(config);
    try (CloseableHttpClient client =
        TokenHttpClient.create(
            TrustedCertificates.sslContext(settings.trustedCertificatesPath().map(Path::of)),
            settings.timeout())) {
      return new TokenExchange(
              settings,
              client,
              context.secrets(),
              clock,
              context.logger(),
              retries.withMaxAttempts(settings.maxAttempts()),
              waits::add,
              deadlines)
          .fetch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  AuthException failure(Map<String, Object> config) {
    return catchThrowableOfType(AuthException.class, () -> fetch(config));
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    context.close();
  }
}
