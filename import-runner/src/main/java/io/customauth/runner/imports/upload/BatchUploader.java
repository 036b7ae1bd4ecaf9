package io.customauth.runner.imports.upload;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.ImportOptions;
import io.customauth.runner.imports.ImportProgress;
import io.customauth.runner.imports.batch.Batch;
import io.customauth.spi.AuthException;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.OutgoingRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends batches to the upload endpoint with the connector's token, and decides what each answer
 * means: done, refresh the token once, wait and retry, or stop the import.
 *
 * <p>Built on the classic (blocking) HttpClient with a connection pool sized to the import's
 * concurrency: each upload thread owns one request at a time, so blocking I/O gives exactly {@code
 * concurrency} requests in flight with simple, linear retry code, and the async client's callbacks
 * would buy nothing at these volumes. Redirects and the client's own retries are off: a redirect
 * must never carry the token elsewhere, and retries follow our policy.
 *
 * <p>Thread-safe. Never logs or reports a token, a header value or a body.
 */
public final class BatchUploader implements AutoCloseable {
  private final URI url;
  private final UploadSettings settings;
  private final AuthStrategy auth;
  private final String importId;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final ImportProgress progress;
  private final CloseableHttpClient client;

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  /** Thrown when the import stopped for another reason while this batch waited. */
  public static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cancelled", null, false, false);
    }
  }

  public BatchUploader(
      URI url,
      UploadSettings settings,
      AuthStrategy auth,
      String importId,
      ImportOptions options,
      ImportProgress progress) {
    this.url = requireNonNull(url, "url");
    this.settings = requireNonNull(settings, "settings");
    this.auth = requireNonNull(auth, "auth");
    this.importId = requireNonNull(importId, "importId");
    this.retryPolicy = options.retryPolicy();
    this.sleeper = options.sleeper();
    this.clock = options.clock();
    this.progress = requireNonNull(progress, "progress");
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(settings.concurrency())
                    .setMaxConnPerRoute(settings.concurrency())
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.of(options.connectTimeout()))
                            .setSocketTimeout(Timeout.of(options.responseTimeout()))
                            // A pooled connection the server closed meanwhile is checked before
                            // reuse instead of failing the request.
                            .setValidateAfterInactivity(TimeValue.ofMilliseconds(500))
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setRedirectsEnabled(false)
                    .setResponseTimeout(Timeout.of(options.responseTimeout()))
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .build();
  }

  /**
   * Sends {@code batch} until it is acknowledged.
   *
   * @param stopped checked before every attempt: the import has failed elsewhere
   * @throws ImportException when the batch cannot be delivered and the import must stop
   * @throws Cancelled when {@code stopped} became true
   */
  /** Upload requests sent so far, retries included. */
  public long requests() {
    return requests.get();
  }

  /** Requests sent again for the same batch. */
  public long retries() {
    return retries.get();
  }

  public void upload(Batch batch, BooleanSupplier stopped) {
    byte[] body = settings.format().encode(batch.records());
    ContentType contentType = ContentType.create(settings.format().contentType(), "UTF-8");
    String key = batch.idempotencyKey(importId);
    boolean refreshedAfter401 = false;
    int attempt = 0;
    while (true) {
      if (stopped.getAsBoolean()) {
        throw new Cancelled();
      }
      attempt++;
      PreparedRequest prepared = new PreparedRequest();
      Credential credential;
      try {
        credential = auth.authenticate(prepared);
      } catch (AuthException e) {
        throw ImportException.fromAuth("no token for " + batch.describe(), e);
      }
      Answer answer =
          send(prepared.build(url, settings.method(), body, contentType, key, importId));
      requests.incrementAndGet();
      int status = answer.status();
      if (status >= 200 && status < 300) {
        return;
      }
      if (status == 401) {
        if (refreshedAfter401) {
          throw new ImportException(
              ErrorCode.INVALID_CREDENTIALS,
              "the upload endpoint refused a freshly obtained token (HTTP 401) for "
                  + batch.describe());
        }
        // Told once; the resend is not an attempt of its own, so maxAttempts 1 still refreshes.
        refreshedAfter401 = true;
        auth.rejected(credential);
        progress.tokenRejected();
        attempt--;
        continue;
      }
      if (status == 403) {
        throw new ImportException(
            ErrorCode.INVALID_CREDENTIALS,
            "the upload endpoint refused the token (HTTP 403) for " + batch.describe());
      }
      if (status >= 300 && status < 400) {
        throw new ImportException(
            ErrorCode.ENDPOINT_UNAVAILABLE,
            "the upload endpoint answered a redirect (HTTP "
                + status
                + ") for "
                + batch.describe()
                + "; redirects are not followed so the token never leaves the upload host:"
                + " fix the upload URL");
      }
      if (!answer.retryable()) {
        throw new ImportException(
            ImportErrorCode.UPLOAD_REJECTED,
            "the upload endpoint refused " + batch.describe() + " with HTTP " + status);
      }
      if (attempt >= settings.maxAttempts()) {
        throw new ImportException(
            ErrorCode.ENDPOINT_UNAVAILABLE,
            "gave up on "
                + batch.describe()
                + " after "
                + attempt
                + (attempt == 1 ? " attempt" : " attempts")
                + "; last: "
                + answer.describe());
      }
      Duration wait =
          retryPolicy.delay(attempt, RetryPolicy.parseRetryAfter(answer.retryAfter(), clock));
      retries.incrementAndGet();
      progress.retrying(batch.describe(), attempt, answer.describe(), wait);
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImportException(ImportErrorCode.INTERRUPTED, "interrupted while waiting", e);
      }
    }
  }

  /** What came back: a status, or the kind of I/O failure (status 0). */
  private record Answer(int status, String retryAfter, String failure) {
    boolean retryable() {
      return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    String describe() {
      return status == 0 ? "connection failure (" + failure + ")" : "HTTP " + status;
    }
  }

  private Answer send(ClassicHttpRequest request) {
    try {
      return client.execute(
          request,
          response -> {
            Header retryAfter = response.getFirstHeader("Retry-After");
            // The handler form consumes the entity (the body is never read into a message) and
            // returns the connection to the pool.
            return new Answer(
                response.getCode(), retryAfter == null ? null : retryAfter.getValue(), null);
          });
    } catch (IOException e) {
      // The class name only: some exception messages quote the request line.
      return new Answer(0, null, e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // Nothing is pending any more; a failed close cannot lose an acknowledgement.
    }
  }

  /** Collects what the auth strategy puts on the request, before the request exists. */
  private static final class PreparedRequest implements OutgoingRequest {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String[]> query = new ArrayList<>();

    @Override
    public void setHeader(String name, String value) {
      headers.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
    }

    @Override
    public void addQueryParameter(String name, String value) {
      query.add(new String[] {requireNonNull(name, "name"), requireNonNull(value, "value")});
    }

    ClassicHttpRequest build(
        URI base,
        String method,
        byte[] body,
        ContentType contentType,
        String key,
        String importId) {
      URI uri = base;
      if (!query.isEmpty()) {
        URIBuilder builder = new URIBuilder(base);
        for (String[] parameter : query) {
          builder.addParameter(parameter[0], parameter[1]);
        }
        try {
          uri = builder.build();
        } catch (URISyntaxException e) {
          throw new IllegalStateException("a query parameter made the upload URL invalid", e);
        }
      }
      ClassicRequestBuilder request =
          ClassicRequestBuilder.create(method)
              .setUri(uri)
              .setEntity(body, contentType)
              .setHeader("Idempotency-Key", key)
              .setHeader("X-Import-Id", importId);
      headers.forEach(request::setHeader);
      return request.build();
    }
  }
}
