package io.customauth.runner.imports;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;

/**
 * How an import ended.
 *
 * @param importId empty only when the import failed before it had a journal
 * @param records records acknowledged by the upload endpoint, earlier runs of the import included
 * @param batches batches acknowledged, earlier runs included
 * @param requests upload requests sent by this run
 * @param retries requests of this run that were sends again after a retryable failure
 * @param tokenRefreshes credentials obtained during this run
 * @param error why it stopped; empty when every record was acknowledged
 */
public record ImportResult(
    Optional<String> importId,
    long records,
    long batches,
    long requests,
    long retries,
    long tokenRefreshes,
    Duration duration,
    Optional<ImportException> error) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ImportResult {
    requireNonNull(importId, "importId");
    requireNonNull(duration, "duration");
    requireNonNull(error, "error");
  }

  /** Every record was acknowledged. The CLI exits 0 only then. */
  public boolean ok() {
    return error.isEmpty();
  }

  /**
   * The {@code --json} summary: {@code {"ok":true,"importId":…,"records":N,"batches":N,
   * "requests":N,"retries":N,"tokenRefreshes":N,"durationMs":N}}, with {@code "ok":false} and an
   * {@code error} object {@code {code,message,hint}} when it failed.
   */
  public ObjectNode toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("ok", ok());
    importId.ifPresentOrElse(id -> node.put("importId", id), () -> node.putNull("importId"));
    node.put("records", records);
    node.put("batches", batches);
    node.put("requests", requests);
    node.put("retries", retries);
    node.put("tokenRefreshes", tokenRefreshes);
    node.put("durationMs", duration.toMillis());
    error.ifPresent(
        e -> {
          ObjectNode err = node.putObject("error");
          err.put("code", e.code());
          err.put("message", e.getMessage());
          err.put("hint", e.hint());
        });
    return node;
  }

  /** {@link #toJson()} as one line. */
  public String toJsonString() {
    try {
      return JSON.writeValueAsString(toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /** The one-line human summary printed at the end. */
  public String summaryLine() {
    String id = importId.orElse("(no id)");
    String counts =
        records
            + " records in "
            + batches
            + " batches, "
            + requests
            + " requests, "
            + retries
            + " retries, "
            + tokenRefreshes
            + " token refreshes, "
            + String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    return error
        .map(
            e ->
                "Import "
                    + id
                    + " FAILED ["
                    + e.code()
                    + "] "
                    + e.getMessage()
                    + " ("
                    + counts
                    + " acknowledged). Hint: "
                    + e.hint())
        .orElse("Import " + id + " done: " + counts + ".");
  }
}
