package io.customauth.runner.imports.upload;

import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The upload endpoint's HTTP client: one pooled classic client, one deadline per attempt as a
 * whole, at most {@link #MAX_ANSWER_BYTES} of an answer read, and I/O failures turned into
 * sentences for users. Redirects, the client's own retries, cookies and auth caching are off.
 *
 * <p>Thread-safe: each upload thread runs one {@link #exchange} at a time.
 */
final class UploadHttpClient implements AutoCloseable {
  /** At most this much of an answer is read; the rest is never received. */
  static final int MAX_ANSWER_BYTES = 1 << 20;

  /** At most this many {@code WWW-Authenticate} values are passed to the strategy. */
  static final int MAX_CHALLENGES = 16;

  private final CloseableHttpClient client;
  private final ScheduledThreadPoolExecutor deadlines;
  private final Duration connectTimeout;
  private final Duration attemptTimeout;

  /**
   * @param concurrency connections kept at most, one per upload thread
   * @param connectTimeout how long a TCP connection may take
   * @param attemptTimeout the deadline of one attempt as a whole: connecting, sending the batch and
   *     receiving the answer's status and headers; reading what we read of its body is bounded by
   *     it too
   * @param tls the TLS context for https, asked for when the first https connection is made (an
   *     http upload URL never makes one, and the JDK's default context takes a tenth of a second to
   *     set up); host names are always verified
   */
  UploadHttpClient(
      int concurrency, Duration connectTimeout, Duration attemptTimeout, Supplier<SSLContext> tls) {
    this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout");
    this.attemptTimeout = requireNonNull(attemptTimeout, "attemptTimeout");
    requireNonNull(tls, "tls");
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(concurrency)
                    .setMaxConnPerRoute(concurrency)
                    // The strict parser: an answer that does not start with a status line is a
                    // protocol violation, not skipped as garbage until the connection closes.
                    .setConnectionFactory(
                        ManagedHttpClientConnectionFactory.builder()
                            .responseParserFactory(DefaultHttpResponseParserFactory.INSTANCE)
                            .build())
                    .setTlsSocketStrategy(new TlsOnFirstUse(tls))
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.of(connectTimeout))
                            .setSocketTimeout(Timeout.of(attemptTimeout))
                            // A pooled connection the server closed meanwhile is checked before
                            // reuse instead of failing the request.
                            .setValidateAfterInactivity(TimeValue.ofMilliseconds(500))
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setRedirectsEnabled(false)
                    .setResponseTimeout(Timeout.of(attemptTimeout))
                    .build())
            .setRequestExecutor(new InformationalStatusExecutor())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .build();
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "upload-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    // Most attempts end long before their deadline: do not keep their timers queued.
    deadlines.setRemoveOnCancelPolicy(true);
  }

  private static final String INFORMATIONAL_STATUS = "io.customauth.upload.informational-status";

  /**
   * What came back: a status with its Retry-After and {@code WWW-Authenticate} values (at most
   * {@link #MAX_CHALLENGES}), or a failure described for users.
   */
  record Answer(
      int status,
      Optional<String> retryAfter,
      List<String> wwwAuthenticate,
      String failure,
      boolean tlsFailure,
      boolean protocolViolation) {
    static Answer status(int status, Optional<String> retryAfter, List<String> wwwAuthenticate) {
      return new Answer(status, retryAfter, List.copyOf(wwwAuthenticate), null, false, false);
    }

    static Answer failed(String failure) {
      return new Answer(0, Optional.empty(), List.of(), failure, false, false);
    }

    static Answer tls(String failure) {
      return new Answer(0, Optional.empty(), List.of(), failure, true, false);
    }

    /**
     * The endpoint answered, but not with HTTP/1.1 an upload can be answered with (101 Switching
     * Protocols, a malformed status line or headers): not a passing fault, so never retried.
     */
    static Answer protocol(String failure) {
      return new Answer(0, Optional.empty(), List.of(), failure, false, true);
    }

    boolean retryable() {
      return !tlsFailure
          && !protocolViolation
          && (status == 0 || status == 408 || status == 429 || status >= 500);
    }

    String describe() {
      return status == 0 ? failure : "HTTP " + status;
    }
  }

  /**
   * Sends {@code request} and reads its answer within the attempt's deadline. Once the status and
   * headers have arrived they decide; the body is read (at most {@link #MAX_ANSWER_BYTES}) only so
   * that the connection can be reused, and a body cut short by the limit or the deadline changes
   * nothing.
   *
   * @param uri the request's URI, for messages (never its query)
   * @throws InterruptedException when the calling thread was interrupted
   */
  Answer exchange(HttpUriRequestBase request, URI uri) throws InterruptedException {
    AtomicBoolean expired = new AtomicBoolean();
    HttpClientContext context = HttpClientContext.create();
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            () -> {
              expired.set(true);
              // Closes the connection: a blocked connect, write or read fails at once.
              request.cancel();
            },
            attemptTimeout.toNanos(),
            TimeUnit.NANOSECONDS);
    try {
      ClassicHttpResponse response = client.executeOpen(null, request, context);
      try {
        Header retryAfter = response.getFirstHeader("Retry-After");
        Answer answer =
            Answer.status(
                response.getCode(),
                Optional.ofNullable(retryAfter == null ? null : retryAfter.getValue()),
                Arrays.stream(response.getHeaders("WWW-Authenticate"))
                    .limit(MAX_CHALLENGES)
                    .map(Header::getValue)
                    .toList());
        readAtMostTheLimit(response.getEntity(), request);
        return answer;
      } finally {
        closeQuietly(response);
      }
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted during an upload");
      }
      if (expired.get()) {
        return Answer.failed(noAnswer(uri));
      }
      return describe(e, uri, context.getAttribute(INFORMATIONAL_STATUS));
    } finally {
      deadline.cancel(false);
    }
  }

  private static void readAtMostTheLimit(HttpEntity entity, HttpUriRequestBase request) {
    if (entity == null) {
      return;
    }
    InputStream in = null;
    try {
      in = entity.getContent();
      byte[] buffer = new byte[8192];
      long read = 0;
      while (read < MAX_ANSWER_BYTES) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, MAX_ANSWER_BYTES - read));
        if (n < 0) {
          return; // The whole answer was read: the connection goes back to the pool.
        }
        read += n;
      }
      // More than the limit: drop the connection rather than read the rest (closing the
      // response stream would read it to the end).
      drop(in, request);
    } catch (IOException e) {
      // The status has arrived and decides; a body cut short changes nothing.
      drop(in, request);
    }
  }

  /**
   * Closes the connection under {@code in} without reading what is left of the answer: aborting the
   * entity's stream discards the connection; cancelling the request is the fallback.
   */
  private static void drop(InputStream in, HttpUriRequestBase request) {
    if (in instanceof EofSensorInputStream sensor) {
      try {
        sensor.abort();
        return;
      } catch (IOException e) {
        // fall back to cancelling the request
      }
    }
    request.cancel();
  }

  private static void closeQuietly(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException e) {
      // The connection is discarded either way.
    }
  }

  /** Sentences for users: where (never the query), what happened, for how long. */
  private Answer describe(IOException e, URI uri, Object informationalStatus) {
    String hostPort = hostPort(uri);
    if (e instanceof SSLException ssl) {
      return tlsProblem(ssl, uri);
    }
    if (e instanceof ConnectTimeoutException) {
      return Answer.failed("no connection to " + hostPort + " within " + format(connectTimeout));
    }
    if (e instanceof ConnectException) {
      return Answer.failed("connection refused by " + hostPort);
    }
    if (e instanceof UnknownHostException) {
      return Answer.failed("unknown host " + uri.getHost());
    }
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      return Answer.failed(noAnswer(uri));
    }
    if (has(e, ProtocolException.class) || e instanceof ClientProtocolException) {
      return Answer.protocol(
          hostPort
              + " answered with something that is not a valid HTTP/1.1 answer to an upload"
              + (informationalStatus == null ? "" : " (HTTP " + informationalStatus + ")"));
    }
    if (e instanceof NoHttpResponseException) {
      return Answer.failed(hostPort + " closed the connection without answering");
    }
    if (e instanceof SocketException || e instanceof EOFException) {
      return Answer.failed("the connection to " + hostPort + " was closed before the answer");
    }
    // Words first, the class only to tell kinds apart: some exception messages quote the request
    // line.
    return Answer.failed(
        "the connection to "
            + hostPort
            + " failed while the batch was sent or its answer read (an input/output error, "
            + e.getClass().getSimpleName()
            + ")");
  }

  /**
   * Notes the status of an informational (1xx) answer in the context before the client acts on it:
   * a 101 the client cannot follow fails with a message that does not name the status.
   */
  private static final class InformationalStatusExecutor extends HttpRequestExecutor {
    @Override
    public ClassicHttpResponse execute(
        ClassicHttpRequest request,
        HttpClientConnection connection,
        HttpResponseInformationCallback informationCallback,
        HttpContext context)
        throws IOException, HttpException {
      return super.execute(
          request,
          connection,
          (response, conn, ctx) -> {
            ctx.setAttribute(INFORMATIONAL_STATUS, response.getCode());
            if (informationCallback != null) {
              informationCallback.execute(response, conn, ctx);
            }
          },
          context);
    }
  }

  private static Answer tlsProblem(SSLException e, URI uri) {
    String where = "the TLS connection to " + where(uri);
    if (has(e, CertificateExpiredException.class)
        || has(e, CertificateNotYetValidException.class)) {
      return Answer.tls(where + " was refused: its certificate has expired or is not yet valid");
    }
    if (has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)) {
      return Answer.tls(where + " was refused: its certificate is not signed by a trusted CA");
    }
    if (hasMessage(e, CertificateException.class, NO_TRUST_MANAGER)) {
      return Answer.tls(
          where
              + " could not be checked: this JVM's trust store could not be loaded (check the file and"
              + " password given as javax.net.ssl.trustStore and trustStorePassword)");
    }
    if (e instanceof SSLPeerUnverifiedException
        || hasMessage(e, CertificateException.class, "No subject alternative")
        || hasMessage(e, CertificateException.class, "No name matching")) {
      return Answer.tls(
          where + " was refused: its certificate is not for the host " + uri.getHost());
    }
    if (has(e, GeneralSecurityException.class)) {
      return Answer.tls(where + " was refused: its certificate was not accepted");
    }
    if (has(e, SocketException.class) || has(e, EOFException.class)) {
      // The peer hung up during the handshake: a connection failure, worth another attempt.
      return Answer.failed(
          "the connection to " + hostPort(uri) + " was closed during the TLS handshake");
    }
    return Answer.tls(where + " failed: the TLS handshake did not succeed");
  }

  /**
   * What the JDK's stand-in trust manager says when the trust store named by {@code
   * javax.net.ssl.trustStore} could not be loaded (sun.security.ssl.DummyX509TrustManager): the
   * JDK's default context then trusts nothing, and says so only at the first handshake.
   */
  private static final String NO_TRUST_MANAGER = "No X509TrustManager implementation available";

  /**
   * Whether a {@code kind} in {@code e}'s causes has a message starting with {@code prefix}: the
   * JDK tells some certificate problems apart only by their words (its host name checker's "No
   * subject alternative DNS name matching…", "No name matching…").
   */
  private static boolean hasMessage(Throwable e, Class<? extends Throwable> kind, String prefix) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (kind.isInstance(t) && t.getMessage() != null && t.getMessage().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean has(Throwable e, Class<? extends Throwable> kind) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private String noAnswer(URI uri) {
    return "no answer from " + where(uri) + " within " + format(attemptTimeout);
  }

  /** {@code scheme://host:port/path}: never the query, which may hold a token. */
  static String where(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + hostPort(uri) + path;
  }

  static String hostPort(URI uri) {
    int port = uri.getPort();
    if (port < 0) {
      port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
    return uri.getHost() + ":" + port;
  }

  private static String format(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    try {
      client.close();
    } catch (IOException e) {
      // Nothing is pending any more; a failed close cannot lose an acknowledgement.
    }
  }

  /** The classic TLS strategy over {@code tls}, built when the first connection needs it. */
  private static final class TlsOnFirstUse implements TlsSocketStrategy {
    private final Supplier<SSLContext> tls;
    private volatile TlsSocketStrategy strategy;

    TlsOnFirstUse(Supplier<SSLContext> tls) {
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
