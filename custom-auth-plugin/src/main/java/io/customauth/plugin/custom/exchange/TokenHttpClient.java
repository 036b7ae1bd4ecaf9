package io.customauth.plugin.custom.exchange;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/** Builds the one pooled HTTP client a strategy uses for its token calls. */
public final class TokenHttpClient {
  private TokenHttpClient() {}

  /**
   * Redirects are not followed (credentials in a body must not travel elsewhere), retries are ours
   * ({@link TokenExchange}), no cookies are kept, and the default host name verification stays on.
   */
  public static CloseableHttpClient create(SSLContext tls, Duration timeout) {
    return create(() -> tls, timeout);
  }

  /**
   * As {@link #create(SSLContext, Duration)}, with the TLS context made on the first https
   * connection: setting up JSSE takes a noticeable part of a short command's start-up, and a token
   * endpoint on loopback over plain http never needs it.
   */
  public static CloseableHttpClient create(Supplier<SSLContext> tls, Duration timeout) {
    Timeout limit = Timeout.of(timeout);
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(new OnFirstUse(tls))
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(limit)
                        .setSocketTimeout(limit)
                        .build())
                .build())
        .setDefaultRequestConfig(
            RequestConfig.custom()
                .setConnectionRequestTimeout(limit)
                .setResponseTimeout(limit)
                .setRedirectsEnabled(false)
                .build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .build();
  }

  /** The classic TLS strategy over {@code tls}, built when the first connection needs it. */
  private static final class OnFirstUse implements TlsSocketStrategy {
    private final Supplier<SSLContext> tls;
    private volatile TlsSocketStrategy strategy;

    OnFirstUse(Supplier<SSLContext> tls) {
      this.tls = tls;
    }

    @Override
    public SSLSocket upgrade(
        Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      return strategy().upgrade(socket, target, port, attachment, context);
    }

    private TlsSocketStrategy strategy() {
      TlsSocketStrategy built = strategy;
      if (built == null) {
        synchronized (this) {
          built = strategy;
          if (built == null) {
            built = ClientTlsStrategyBuilder.create().setSslContext(tls.get()).buildClassic();
            strategy = built;
          }
        }
      }
      return built;
    }
  }
}
