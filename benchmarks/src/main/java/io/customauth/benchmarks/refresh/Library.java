package io.customauth.benchmarks.refresh;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.OAuth2Credentials;
import io.customauth.benchmarks.hotpath.OurStrategy;
import io.customauth.benchmarks.hotpath.RequestHeaders;
import io.customauth.spi.AuthStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The two libraries compared under load, both fed by the same {@link TokenServer}: ours is the real
 * {@code custom} strategy (factory, host context, its own HTTP client), google-auth a credentials
 * object whose refresh goes through {@link TokenClient}.
 */
enum Library {
  OURS("ours (custom strategy)") {
    @Override
    Subject open(TokenClient client, Duration safetyWindow) {
      ScheduledExecutorService scheduler = OurStrategy.daemonScheduler();
      // The real strategy, as uploads use it: the plugin's factory, its own HTTP client against the
      // same token server, and the host's context. The SPI calls the secret resolver each time a
      // token request is built, on the thread that builds it: that shows which calls ran one.
      AuthStrategy strategy =
          OurStrategy.create(
              client.endpoint().toString(),
              safetyWindow,
              scheduler,
              (field, value) -> {
                TokenClient.markCaller();
                return value;
              });
      return new Subject() {
        @Override
        public void authorize(RequestHeaders request) {
          // What an upload does per request: get the credential and put it on the request.
          strategy.authenticate(request);
        }

        @Override
        public void close() {
          strategy.close();
          scheduler.shutdownNow();
        }
      };
    }
  },

  GOOGLE("google-auth OAuth2Credentials") {
    @Override
    Subject open(TokenClient client, Duration safetyWindow) {
      // Refresh (STALE) from safetyWindow before expiry, block only at expiry: as ours does.
      OAuth2Credentials credentials = new RefreshingGoogleCredentials(client, safetyWindow);
      URI uri = URI.create("https://upload.example/v1/records");
      return new Subject() {
        @Override
        public void authorize(RequestHeaders request) {
          try {
            request.setHeader(
                "Authorization", credentials.getRequestMetadata(uri).get("Authorization").get(0));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public void close() {}
      };
    }
  };

  /** Gets the token and puts it on a request, as an upload worker does for every request. */
  interface Subject extends AutoCloseable {
    void authorize(RequestHeaders request);

    @Override
    void close();
  }

  final String label;

  Library(String label) {
    this.label = label;
  }

  abstract Subject open(TokenClient client, Duration safetyWindow);

  private static final class RefreshingGoogleCredentials extends OAuth2Credentials {
    private final transient TokenClient client;

    RefreshingGoogleCredentials(TokenClient client, Duration refreshMargin) {
      super(null, refreshMargin, Duration.ZERO);
      this.client = client;
    }

    @Override
    public AccessToken refreshAccessToken() {
      TokenClient.Issued issued = client.fetch();
      return new AccessToken(issued.token(), Date.from(issued.expiresAt()));
    }
  }
}
