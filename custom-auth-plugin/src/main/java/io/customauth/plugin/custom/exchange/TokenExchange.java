package io.customauth.plugin.custom.exchange;

import static java.util.Objects.requireNonNull;

import io.customauth.plugin.custom.config.CustomAuthConfig;
import io.customauth.plugin.custom.response.CredentialReader;
import io.customauth.plugin.custom.token.TokenSource;
import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.SecretResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.net.URIAuthority;

/**
 * One token exchange with the provider, retries included: the {@link TokenSource} behind the token
 * cache. Thread-safe; each {@link #fetch()} blocks its caller until it has an answer.
 *
 * <p>Connection failures, timeouts, 408, 429 and 5xx are tried again ({@link RetryPolicy}); other
 * answers are final. Each attempt has a deadline as a whole, {@code timeoutSeconds}: connecting,
 * sending and reading the whole answer. Socket timeouts alone bound each read, so an answer that
 * trickles one byte at a time would never end; when the deadline passes the request is cancelled
 * ({@link HttpUriRequestBase#cancel()}), which closes its connection and fails whatever read or
 * connect is blocked on it. Logs and messages name statuses and keys, never a token, a configured
 * value or a response body.
 */
public final class TokenExchange implements TokenSource {
  /** At most this much of an answer is read: a token answer is small. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private final CustomAuthConfig config;
  private final CloseableHttpClient client;
  private final SecretResolver secrets;
  private final Clock clock;
  private final System.Logger logger;
  private final RetryPolicy retries;
  private final Sleeper sleeper;
  private final ScheduledExecutorService deadlines;
  private final CredentialReader reader;

  public TokenExchange(
      CustomAuthConfig config,
      CloseableHttpClient client,
      SecretResolver secrets,
      Clock clock,
      System.Logger logger,
      RetryPolicy retries,
      Sleeper sleeper,
      ScheduledExecutorService deadlines) {
    this.config = requireNonNull(config, "config");
    this.client = requireNonNull(client, "client");
    this.secrets = requireNonNull(secrets, "secrets");
    this.clock = requireNonNull(clock, "clock");
    this.logger = requireNonNull(logger, "logger");
    this.retries = requireNonNull(retries, "retries");
    this.sleeper = requireNonNull(sleeper, "sleeper");
    this.deadlines = requireNonNull(deadlines, "deadlines");
    this.reader = new CredentialReader(config);
  }

  @Override
  public Credential fetch() {
    for (int attempt = 1; ; attempt++) {
      try {
        Credential credential = attempt();
        logger.log(
            System.Logger.Level.DEBUG,
            "obtained token {0} expiring at {1}",
            credential.fingerprint(),
            credential.expiresAt());
        return credential;
      } catch (Retryable failure) {
        if (attempt >= retries.maxAttempts()) {
          throw new AuthException(
              ErrorCode.ENDPOINT_UNAVAILABLE,
              "the token endpoint failed "
                  + attempt
                  + (attempt == 1 ? " attempt" : " attempts")
                  + "; the last one: "
                  + failure.getMessage(),
              failure.status,
              failure.getCause());
        }
        Duration wait;
        try {
          wait = retries.delay(attempt, failure.retryAfter, clock.instant());
        } catch (RetryPolicy.WaitTooLong tooLong) {
          throw new AuthException(
              ErrorCode.ENDPOINT_UNAVAILABLE,
              "the token endpoint answered "
                  + failure.getMessage()
                  + " and asked to be called again at "
                  + tooLong.until()
                  + " (Retry-After), more than "
                  + RetryPolicy.LONGEST_RETRY_AFTER.toMinutes()
                  + " minutes away; try again then",
              failure.status,
              null);
        }
        logger.log(
            System.Logger.Level.DEBUG,
            "token request attempt {0} of {1} failed ({2}); trying again in {3} ms",
            attempt,
            retries.maxAttempts(),
            failure.getMessage(),
            wait.toMillis());
        pause(wait);
      }
    }
  }

  private void pause(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuthException(
          ErrorCode.ENDPOINT_UNAVAILABLE, "interrupted while waiting to retry the token request");
    }
  }

  private Credential attempt() throws Retryable {
    HttpUriRequestBase request = TokenRequest.build(config, secrets);
    AtomicBoolean expired = new AtomicBoolean();
    Future<?> deadline =
        deadlines.schedule(
            () -> {
              expired.set(true);
              request.cancel();
            },
            config.timeout().toNanos(),
            TimeUnit.NANOSECONDS);
    try {
      return attempt(request, expired);
    } catch (IOException e) {
      throw expired.get() ? timedOut(e) : new Retryable(describe(e, request), null, e);
    } finally {
      deadline.cancel(false);
    }
  }

  private Credential attempt(HttpUriRequestBase request, AtomicBoolean expired)
      throws Retryable, IOException {
    ClassicHttpResponse response;
    try {
      response =
          client.executeOpen(
              RoutingSupport.determineHost(request), request, HttpClientContext.create());
    } catch (SSLHandshakeException | SSLPeerUnverifiedException e) {
      if (expired.get()) {
        throw timedOut(e);
      }
      throw tlsFailure(e);
    } catch (SSLException e) {
      if (hasCertificateCause(e) && !expired.get()) {
        throw tlsFailure(e);
      }
      throw e;
    } catch (HttpException e) {
      throw new AuthException(
          ErrorCode.ENDPOINT_UNAVAILABLE,
          "the token endpoint's URL cannot be called: " + e.getClass().getSimpleName());
    }
    Instant receivedAt = clock.instant();
    boolean drained = false;
    try {
      int status = response.getCode();
      if (status >= 200 && status < 300) {
        byte[] body = body(response, status, expired);
        drained = true;
        return reader.read(
            body, mediaType(response.getEntity()), List.of(response.getHeaders()), receivedAt);
      }
      throw refusal(status, response);
    } finally {
      if (!drained) {
        // Unread content is not drained (it may be huge): the connection is dropped instead.
        request.cancel();
      }
      try {
        response.close();
      } catch (IOException e) {
        // The connection is released or discarded either way.
      }
    }
  }

  /** The attempt's deadline passed; {@code e} is how the cancelled request failed. */
  private Retryable timedOut(Exception e) {
    return new Retryable(
        "timed out: no whole answer within timeoutSeconds ("
            + seconds(config.timeout())
            + " s for connecting, sending and reading)",
        null,
        e);
  }

  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  /**
   * The error for a status other than 2xx, or a {@link Retryable} to try again. A final 4xx names
   * its RFC 6749 error code when the answer has one ({@link OAuthError}); the error code of the
   * exception stays the one of its status.
   */
  private static AuthException refusal(int status, ClassicHttpResponse response) throws Retryable {
    if (status >= 300 && status < 400) {
      return new AuthException(
          ErrorCode.ENDPOINT_UNAVAILABLE,
          "the token endpoint answered HTTP "
              + status
              + ", a redirect, which was refused: credentials are never sent to another place;"
              + " configure the final URL",
          status,
          null);
    }
    if (status == 408 || status == 429 || status >= 500) {
      Optional<String> retryAfter =
          Optional.ofNullable(response.getFirstHeader(HttpHeaders.RETRY_AFTER))
              .map(Header::getValue);
      throw new Retryable("HTTP " + status, status, null, retryAfter);
    }
    ErrorCode code =
        status == 401 || status == 403
            ? ErrorCode.INVALID_CREDENTIALS
            : status == 404 ? ErrorCode.ENDPOINT_UNAVAILABLE : ErrorCode.BAD_REQUEST;
    Optional<OAuthError> error = OAuthError.of(response.getEntity());
    if (error.isPresent()) {
      return new AuthException(
          code,
          "the token endpoint answered HTTP " + status + " " + error.get().describe(),
          status,
          null);
    }
    String message =
        switch (status) {
          case 400 ->
              "the token endpoint answered HTTP 400 Bad Request: a parameter is missing or wrong";
          case 401, 403 -> "the token endpoint refused the credentials with HTTP " + status;
          case 404 -> "the token endpoint answered HTTP 404 Not Found: check the authenticationUrl";
          default -> "the token endpoint refused the request with HTTP " + status;
        };
    return new AuthException(code, message, status, null);
  }

  /**
   * At most {@link #MAX_BODY_BYTES} of the answer. A read that fails is an {@link IOException}, a
   * broken-off answer retried like a failed connection; the deadline is checked between reads too.
   */
  private static byte[] body(ClassicHttpResponse response, int status, AtomicBoolean expired)
      throws IOException {
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      return new byte[0];
    }
    if (entity.getContentLength() > MAX_BODY_BYTES) {
      throw tooLarge(status);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = entity.getContent()) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        if (expired.get()) {
          throw new InterruptedIOException("the attempt's deadline passed");
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_BODY_BYTES) {
          throw tooLarge(status);
        }
      }
    }
    return out.toByteArray();
  }

  private static AuthException tooLarge(int status) {
    return new AuthException(
        ErrorCode.RESPONSE_TOO_LARGE,
        "the token endpoint's answer is larger than " + MAX_BODY_BYTES + " bytes",
        status,
        null);
  }

  private static String mediaType(HttpEntity entity) {
    if (entity == null || entity.getContentType() == null) {
      return null;
    }
    try {
      return ContentType.parse(entity.getContentType()).getMimeType();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static AuthException tlsFailure(SSLException e) {
    return new AuthException(
        ErrorCode.TLS_FAILURE,
        "the token endpoint's certificate or host name could not be verified: "
            + e.getClass().getSimpleName(),
        null,
        e);
  }

  private static boolean hasCertificateCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  /**
   * What went wrong with the connection, in words, naming the host and port (never the path's
   * query); the exception's class only as a detail.
   */
  private static String describe(IOException e, HttpUriRequestBase request) {
    String where = hostPort(request);
    if (e instanceof ConnectException) { // HttpHostConnectException is one
      return "connection refused by " + where;
    }
    if (e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException) {
      return "no answer from " + where + " in time";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + where;
    }
    if (e instanceof NoHttpResponseException) {
      return where + " closed the connection without answering";
    }
    if (e instanceof ConnectionClosedException) {
      return where + " closed the connection before the whole answer";
    }
    if (e instanceof SSLException) {
      return "the TLS connection to "
          + where
          + " failed (is it an https endpoint? "
          + e.getClass().getSimpleName()
          + ")";
    }
    return "the connection to "
        + where
        + " failed (an input/output error, "
        + e.getClass().getSimpleName()
        + ")";
  }

  /** {@code host:port} of the request, the port filled in from the scheme when not written. */
  private static String hostPort(HttpUriRequestBase request) {
    URIAuthority authority = request.getAuthority();
    if (authority == null) {
      return "the token endpoint";
    }
    int port = authority.getPort();
    if (port < 0) {
      port = "http".equalsIgnoreCase(request.getScheme()) ? 80 : 443;
    }
    return authority.getHostName() + ":" + port;
  }

  /** A failure worth another attempt. */
  private static final class Retryable extends Exception {
    private static final long serialVersionUID = 1L;

    private final Integer status;
    private final transient Optional<String> retryAfter;

    Retryable(String message, Integer status, Throwable cause) {
      super(message, cause, false, false);
      this.status = status;
      this.retryAfter = Optional.empty();
    }

    Retryable(String message, Integer status, Throwable cause, Optional<String> retryAfter) {
      super(message, cause, false, false);
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }
}
