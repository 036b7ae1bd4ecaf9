package io.customauth.spi.support;

import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.AuthStrategyFactory;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.Credential;
import io.customauth.spi.testkit.AuthStrategyConformance;
import io.customauth.spi.testkit.TestAuthContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A token plugin in a dozen lines on {@link RefreshingTokenStrategy} passes the whole suite. */
class RefreshingTokenStrategyConformanceTest extends AuthStrategyConformance {
  private static final String CLIENT_SECRET = "client-s3cret-value";

  /** Fetches "issued-N-…" tokens living an hour, as a provider keyed by a client secret would. */
  static final class CountingFactory implements AuthStrategyFactory {
    @Override
    public String type() {
      return "counting";
    }

    @Override
    public List<ConfigViolation> validate(Map<String, Object> config) {
      return List.of();
    }

    @Override
    public AuthStrategy create(Map<String, Object> config, AuthContext context) {
      String reference = (String) config.get("clientSecret");
      AtomicInteger issued = new AtomicInteger();
      return new RefreshingTokenStrategy(context) {
        @Override
        public String type() {
          return "counting";
        }

        @Override
        protected Credential fetchToken() {
          String secret = context().secrets().resolve("clientSecret", reference);
          Instant now = context().clock().instant();
          return new Credential(
              "issued-" + issued.incrementAndGet() + "-" + secret.length(),
              now.plus(Duration.ofHours(1)),
              now.plus(Duration.ofMinutes(55)));
        }
      };
    }
  }

  @Override
  protected AuthStrategyFactory factory() {
    return new CountingFactory();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("type", "counting", "clientSecret", "${env:CLIENT_SECRET}");
  }

  @Override
  protected void configure(TestAuthContext context) {
    context.env("CLIENT_SECRET", CLIENT_SECRET);
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(CLIENT_SECRET);
  }
}
