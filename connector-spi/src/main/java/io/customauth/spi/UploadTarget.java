package io.customauth.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where and how a connector's imports upload records.
 *
 * @param url the endpoint; {@code {project}} in it is replaced by the percent-encoded project id
 * @param method {@code POST} or {@code PUT}
 * @param format {@code json} (a JSON array per request) or {@code ndjson} (one record per line)
 * @param batchSize records per request, at least 1
 * @param concurrency requests in flight at once, at least 1
 * @param maxAttempts attempts per batch before the import fails, at least 1
 * @param maxBatchBytes the most bytes a request body may have; a batch closes early rather than
 *     pass it, at least 1
 * @param reauthenticateOn the answer statuses that mean "this token was rejected": the strategy is
 *     told, a new token fetched and the batch sent again once; default {@code [401]}
 */
public record UploadTarget(
    String url,
    String method,
    String format,
    int batchSize,
    int concurrency,
    int maxAttempts,
    int maxBatchBytes,
    List<Integer> reauthenticateOn) {
  public static final String DEFAULT_METHOD = "POST";
  public static final String DEFAULT_FORMAT = "json";
  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final int DEFAULT_CONCURRENCY = 4;
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final int DEFAULT_MAX_BATCH_BYTES = 8 * 1024 * 1024;
  public static final List<Integer> DEFAULT_REAUTHENTICATE_ON = List.of(401);

  public UploadTarget {
    requireNonNull(url, "url");
    requireNonNull(method, "method");
    requireNonNull(format, "format");
    if (batchSize < 1 || concurrency < 1 || maxAttempts < 1 || maxBatchBytes < 1) {
      throw new IllegalArgumentException(
          "batchSize, concurrency, maxAttempts and maxBatchBytes must be at least 1");
    }
    reauthenticateOn = List.copyOf(requireNonNull(reauthenticateOn, "reauthenticateOn"));
  }

  /** A target with the default {@code reauthenticateOn}, {@code [401]}. */
  public UploadTarget(
      String url,
      String method,
      String format,
      int batchSize,
      int concurrency,
      int maxAttempts,
      int maxBatchBytes) {
    this(
        url,
        method,
        format,
        batchSize,
        concurrency,
        maxAttempts,
        maxBatchBytes,
        DEFAULT_REAUTHENTICATE_ON);
  }

  /**
   * A target with the default {@code maxBatchBytes}, {@value #DEFAULT_MAX_BATCH_BYTES}, and {@code
   * reauthenticateOn}.
   */
  public UploadTarget(
      String url, String method, String format, int batchSize, int concurrency, int maxAttempts) {
    this(url, method, format, batchSize, concurrency, maxAttempts, DEFAULT_MAX_BATCH_BYTES);
  }

  /** An upload target with every default. */
  public static UploadTarget of(String url) {
    return new UploadTarget(
        url,
        DEFAULT_METHOD,
        DEFAULT_FORMAT,
        DEFAULT_BATCH_SIZE,
        DEFAULT_CONCURRENCY,
        DEFAULT_MAX_ATTEMPTS);
  }
}
