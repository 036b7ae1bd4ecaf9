package io.customauth.runner.imports.upload;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.ImportOptions;
import io.customauth.runner.imports.ImportProgress;
import io.customauth.runner.imports.batch.Batch;
import io.customauth.runner.imports.upload.UploadHttpClient.Answer;
import io.customauth.runner.plugin.PluginFailure;
import io.customauth.spi.AuthException;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import io.customauth.spi.Rejection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.ssl.SSLContexts;

/**
 * Sends batches to the upload endpoint with the connector's token, and decides what each answer
 * means: done, refresh the token once (a status of {@code upload.reauthenticateOn}), wait and
 * retry, or stop the import.
 *
 * <p>Each upload thread sends one request at a time on the classic (blocking) client, so blocking
 * I/O gives exactly {@code concurrency} requests in flight with linear retry code. Each attempt has
 * one deadline as a whole ({@link ImportOptions#responseTimeout()}), and at most 1 MiB of an answer
 * is read. Redirects are not followed: the token never leaves the upload host.
 *
 * <p>The runner's headers ({@code Idempotency-Key}, {@code X-Import-Id}, {@code Content-Type} and
 * the framing headers) are its own: a strategy that sets one breaks the plugin contract; its value
 * is dropped and a warning is logged once per import.
 *
 * <p>Thread-safe. Never logs or reports a token, a header value, a query or a body.
 */
public final class BatchUploader implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BatchUploader.class.getName());

  private final URI url;
  private final UploadSettings settings;
  private final AuthStrategy auth;
  private final String importId;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final ImportProgress progress;
  private final UploadHttpClient http;

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicBoolean warnedAboutReservedHeaders = new AtomicBoolean();

  /** The fix for an upload's TLS failure. */
  static final String UPLOAD_TLS_HINT =
      "uploads trust the Java runtime's CA certificates: add the upload server's CA to a trust"
          + " store and name it with JAVA_OPTS=-Djavax.net.ssl.trustStore=…"
          + " (the auth block's trustedCertificates is for the token call only)";

  /** Thrown when the import stopped for another reason while this batch waited. */
  public static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cancelled", null, false, false);
    }
  }

  /**
   * Uploads over https trust the Java runtime's default CA certificates; their TLS context is set
   * up when the first https connection is made, so an http upload URL never pays for it.
   */
  public BatchUploader(
      URI url,
      UploadSettings settings,
      AuthStrategy auth,
      String importId,
      ImportOptions options,
      ImportProgress progress) {
    this(url, settings, auth, importId, options, progress, SSLContexts::createDefault);
  }

  /**
   * @param tls the TLS context for an https upload URL (its trust decides which certificates are
   *     accepted); host names are always verified
   */
  public BatchUploader(
      URI url,
      UploadSettings settings,
      AuthStrategy auth,
      String importId,
      ImportOptions options,
      ImportProgress progress,
      SSLContext tls) {
    this(url, settings, auth, importId, options, progress, given(tls));
  }

  private static Supplier<SSLContext> given(SSLContext tls) {
    requireNonNull(tls, "tls");
    return () -> tls;
  }

  /**
   * @param tls gives the TLS context when the first https connection is made; never called for an
   *     http upload URL
   */
  BatchUploader(
      URI url,
      UploadSettings settings,
      AuthStrategy auth,
      String importId,
      ImportOptions options,
      ImportProgress progress,
      Supplier<SSLContext> tls) {
    this.url = requireNonNull(url, "url");
    this.settings = requireNonNull(settings, "settings");
    this.auth = requireNonNull(auth, "auth");
    this.importId = requireNonNull(importId, "importId");
    this.retryPolicy = options.retryPolicy();
    this.sleeper = options.sleeper();
    this.clock = options.clock();
    this.progress = requireNonNull(progress, "progress");
    this.http =
        new UploadHttpClient(
            settings.concurrency(), options.connectTimeout(), options.responseTimeout(), tls);
  }

  /** Upload requests sent so far, retries included. */
  public long requests() {
    return requests.get();
  }

  /** Requests sent again for the same batch. */
  public long retries() {
    return retries.get();
  }

  /**
   * Sends {@code batch} until it is acknowledged.
   *
   * @param stopped checked before every attempt: the import has failed elsewhere
   * @throws ImportException when the batch cannot be delivered and the import must stop, {@code
   *     PLUGIN_FAILURE} when the auth strategy's code threw
   * @throws Cancelled when {@code stopped} became true
   * @throws Error as thrown by the runner's own code (running out of memory); the engine names it
   */
  public void upload(Batch batch, BooleanSupplier stopped) {
    // Anything else the runner's own code throws (out of memory building the body, say) goes to
    // the engine as it is, which names it and the batch; what was acknowledged stays journaled.
    send(batch, stopped);
  }

  private void send(Batch batch, BooleanSupplier stopped) {
    byte[] body = settings.format().encode(batch.records());
    ContentType contentType =
        ContentType.create(settings.format().contentType(), StandardCharsets.UTF_8);
    String key = batch.idempotencyKey(importId);
    boolean reauthenticated = false;
    int attempt = 0;
    int sends = 0;
    boolean retryDue = false;
    while (true) {
      if (stopped.getAsBoolean()) {
        throw new Cancelled();
      }
      if (retryDue) {
        // Counted here, as it is sent: a retry the stop cancelled during its wait is none.
        retries.incrementAndGet();
        retryDue = false;
      }
      attempt++;
      sends++;
      // A new request per send: apply() runs once per attempt, so a signature is always fresh.
      StrategyRequest prepared =
          new StrategyRequest(url, settings.method(), body, contentType, key, importId);
      Credential credential = plugin("authenticate", batch, () -> auth.authenticate(prepared));
      warnAboutDropped(prepared.droppedHeaders());
      URI uri = prepared.uri();
      HttpUriRequestBase request = prepared.build(uri);
      Answer answer;
      // Counted as it goes out: a request the stop cancels in flight was still sent.
      requests.incrementAndGet();
      try {
        answer = http.exchange(request, uri);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImportException(ImportErrorCode.INTERRUPTED, "the import was interrupted");
      }
      int status = answer.status();
      if ((status < 200 || status >= 300) && stopped.getAsBoolean()) {
        // The import stopped meanwhile (a stop request whose grace ran out closes the connections
        // itself, or another batch failed): no failure of this batch to report or retry; it stays
        // unacknowledged and a resume sends it with the same key.
        throw new Cancelled();
      }
      if (answer.tlsFailure()) {
        // The code's own hint names the auth block's trustedCertificates, which is the token
        // call's: uploads trust the Java runtime's CA certificates.
        throw new ImportException(
            ErrorCode.TLS_FAILURE,
            answer.failure() + "; " + batch.describe() + " was not sent",
            UPLOAD_TLS_HINT);
      }
      if (answer.protocolViolation() || (status > 0 && status < 200)) {
        // Not HTTP/1.1 an upload is answered with: the URL points at something else (a WebSocket
        // or HTTP/2-only server, another protocol on the port). Retrying sends the same request to
        // the same thing, so stop at once; the import can be resumed once the URL is fixed.
        throw new ImportException(
            ErrorCode.ENDPOINT_UNAVAILABLE,
            (answer.protocolViolation()
                    ? answer.failure()
                    : UploadHttpClient.hostPort(uri)
                        + " answered with something that is not a valid HTTP/1.1 answer to an"
                        + " upload (HTTP "
                        + status
                        + ")")
                + " for "
                + batch.describe()
                + ", which is not acknowledged: check that the upload URL names the upload"
                + " endpoint");
      }
      if (status >= 200 && status < 300) {
        return;
      }
      if (settings.reauthenticateOn().contains(status)) {
        if (reauthenticated) {
          throw new ImportException(
              ErrorCode.INVALID_CREDENTIALS,
              "the upload endpoint refused a freshly obtained token (HTTP "
                  + status
                  + ") for "
                  + batch.describe());
        }
        // Told once; the resend is not an attempt of its own, so maxAttempts 1 still refreshes.
        reauthenticated = true;
        Rejection rejection = new Rejection(status, answer.wwwAuthenticate(), sends);
        plugin(
            "rejected",
            batch,
            () -> {
              auth.rejected(credential, rejection);
              return null;
            });
        progress.tokenRejected();
        attempt--;
        continue;
      }
      if (status == 401 || status == 403) {
        // Not in upload.reauthenticateOn: a new token would not help, the user says.
        throw new ImportException(
            ErrorCode.INVALID_CREDENTIALS,
            "the upload endpoint refused the token (HTTP "
                + status
                + ") for "
                + batch.describe()
                + "; if it answers "
                + status
                + " for an expired token, add "
                + status
                + " to upload.reauthenticateOn");
      }
      if (status == 304) {
        throw new ImportException(
            ErrorCode.ENDPOINT_UNAVAILABLE,
            "the upload endpoint answered HTTP 304 (Not Modified) for "
                + batch.describe()
                + ", which is no answer to an upload: check the upload URL");
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
      RetryPolicy.Decision decision = retryPolicy.next(attempt, answer.retryAfter(), clock);
      if (decision instanceof RetryPolicy.GiveUp giveUp) {
        throw new ImportException(
            ErrorCode.ENDPOINT_UNAVAILABLE,
            "the upload endpoint answered "
                + answer.describe()
                + " for "
                + batch.describe()
                + " and asked to wait until "
                + giveUp.until()
                + " (Retry-After), longer than the "
                + RetryPolicy.LONGEST_RETRY_AFTER.toMinutes()
                + " minutes an import waits: resume the import after that time");
      }
      RetryPolicy.Wait wait = (RetryPolicy.Wait) decision;
      retryDue = true;
      progress.retrying(batch.describe(), attempt, answer.describe(), wait.duration());
      try {
        sleeper.sleep(wait.duration());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImportException(ImportErrorCode.INTERRUPTED, "interrupted while waiting");
      }
    }
  }

  /**
   * Runs a call into the strategy (a plugin's code): its {@link AuthException} keeps its code; any
   * other {@link Throwable}, an {@link Error} too, is the plugin's failure, not the user's.
   */
  private <T> T plugin(String method, Batch batch, Supplier<T> call) {
    try {
      return call.get();
    } catch (AuthException e) {
      throw ImportException.fromAuth("no token for " + batch.describe(), e);
    } catch (PluginFailure e) {
      // The host's guard already named the plugin (directory, type, version) and the classes.
      throw new ImportException(
          ImportErrorCode.PLUGIN_FAILURE, e.getMessage() + " for " + batch.describe(), e);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      throw new ImportException(
          ImportErrorCode.PLUGIN_FAILURE,
          "the auth plugin failed: "
              + strategyName()
              + " threw "
              + e.getClass().getName()
              + " in "
              + method
              + " for "
              + batch.describe(),
          e);
    }
  }

  /** The strategy's class and, if it can say, its type. */
  private String strategyName() {
    String name = "strategy " + auth.getClass().getName();
    try {
      return name + " (type '" + auth.type() + "')";
    } catch (Throwable e) {
      return name;
    }
  }

  private void warnAboutDropped(Set<String> dropped) {
    if (!dropped.isEmpty() && warnedAboutReservedHeaders.compareAndSet(false, true)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the auth "
              + strategyName()
              + " set "
              + String.join(", ", dropped.stream().sorted().toList())
              + ", which the runner sets itself; the strategy's value is dropped (a plugin"
              + " contract violation: report it to the plugin's author)");
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
