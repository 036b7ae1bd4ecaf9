package io.customauth.benchmarks.refresh;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.OAuth2Credentials;
import io.customauth.benchmarks.hotpath.RequestHeaders;
import io.customauth.plugin.custom.token.RefreshTime;
import io.customauth.plugin.custom.token.Scheduler;
import io.customauth.plugin.custom.token.TokenCache;
import io.customauth.spi.Credential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The two token caches compared under load, each fed by the same {@link TokenClient}. */
enum Library {
  OURS("ours (TokenCache)") {
    @Override
    Subject open(TokenClient client, Duration safetyWindow) {
      // Two threads: the cache's contract asks for one free for the expiry event during a refresh.
      ScheduledExecutorService executor =
          Executors.newScheduledThreadPool(
              2,
              task -> {
                Thread thread = new Thread(task, "token-events");
                thread.setDaemon(true);
                return thread;
              });
      TokenCache cache =
          new TokenCache(
              () -> {
                TokenClient.Issued issued = client.fetch();
                return new Credential(
                    issued.token(),
                    issued.expiresAt(),
                    RefreshTime.of(issued.obtainedAt(), issued.expiresAt(), safetyWindow));
              },
              Scheduler.of(executor, Clock.systemUTC()),
              System.getLogger("benchmarks"),
              credential -> {});
      return new Subject() {
        @Override
        public void authorize(RequestHeaders request) {
          // What CustomAuthStrategy.authenticate does: get, then "Bearer " + token on the request.
          request.setHeader("Authorization", "Bearer " + cache.get().token());
        }

        @Override
        public void close() {
          cache.close();
          executor.shutdownNow();
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
