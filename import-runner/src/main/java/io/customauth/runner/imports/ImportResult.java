package io.customauth.runner.imports;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How an import ended.
 *
 * @param importId empty only when the import failed before it had a journal
 * @param records records acknowledged by the upload endpoint, earlier runs of the import included
 * @param recordsRead records read from the input files, those acknowledged by earlier runs included
 *     (every run reads the files from their start); when the import completed, every record of
 *     every file
 * @param batches batches acknowledged, earlier runs included
 * @param requests upload requests sent by this run
 * @param retries requests of this run sent again for the same batch, whatever the cause
 * @param tokenRefreshes tokens obtained during this run, the first included
 * @param alreadyComplete a resume found every batch acknowledged already: it sent nothing and
 *     fetched no token
 * @param error why it stopped; empty when it did not stop early
 */
public record ImportResult(
    Optional<String> importId,
    long records,
    long recordsRead,
    long batches,
    long requests,
    long retries,
    long tokenRefreshes,
    Duration duration,
    boolean alreadyComplete,
    Optional<ImportException> error) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Codes after which resuming cannot help: the input, the state or a plugin must change. */
  private static final Set<String> NOT_RESUMABLE =
      Set.of(
          ImportErrorCode.INPUT_INVALID.name(),
          ImportErrorCode.INPUT_CHANGED.name(),
          ImportErrorCode.STATE_INVALID.name(),
          ImportErrorCode.IMPORT_LOCKED.name(),
          ImportErrorCode.PLUGIN_FAILURE.name(),
          ImportErrorCode.UNEXPECTED.name(),
          "CONFIG_INVALID");

  public ImportResult {
    requireNonNull(importId, "importId");
    requireNonNull(duration, "duration");
    requireNonNull(error, "error");
  }

  /**
   * Every record read was acknowledged and nothing failed. The CLI exits 0 only then. Both counts
   * are cumulative over resumes, so a resume that completes an import is ok.
   */
  public boolean ok() {
    return error.isEmpty() && records == recordsRead;
  }

  /** The import stopped because it was asked to (Ctrl-C, SIGTERM). */
  public boolean interrupted() {
    return error.map(e -> e.code().equals(ImportErrorCode.INTERRUPTED.name())).orElse(false);
  }

  /**
   * A resume refused because another process holds the import ({@code IMPORT_LOCKED}): this process
   * did nothing; the counts are the journal's, read without its lock.
   */
  public boolean refusedAsLocked() {
    return error.map(e -> e.code().equals(ImportErrorCode.IMPORT_LOCKED.name())).orElse(false);
  }

  /**
   * Whether {@code import --resume} with this id can finish the import as it stands: it has a
   * journal and stopped for a reason that a later run may not meet (interruption, the endpoint, a
   * token, memory); not for bad input, a damaged journal or a plugin's fault.
   */
  public boolean resumable() {
    return importId.isPresent()
        && !ok()
        && error.map(e -> !NOT_RESUMABLE.contains(e.code())).orElse(true);
  }

  /**
   * The {@code --json} summary: {@code {"ok":…,"importId":…,"records":N,"batches":N,
   * "requests":N,"retries":N,"tokenRefreshes":N,"durationMs":N,"recordsRead":N}}, then {@code
   * "alreadyComplete":true} when so, and an {@code error} object {@code {code,message,hint}} when
   * it failed. A resume refused as {@code IMPORT_LOCKED} has {@code records} and {@code batches} as
   * the journal holds them and no {@code recordsRead}: the process that holds the import reads.
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
    if (!refusedAsLocked()) {
      node.put("recordsRead", recordsRead);
    }
    if (alreadyComplete) {
      node.put("alreadyComplete", true);
    }
    error.ifPresent(
        e -> {
          ObjectNode err = node.putObject("error");
          err.put("code", e.code());
          err.put("message", e.getMessage());
          err.put("hint", e.hint());
          // A config error met on the way (a reference that did not resolve) lists its violations.
          if (e.getCause() instanceof AuthException auth && !auth.violations().isEmpty()) {
            ArrayNode violations = err.putArray("violations");
            for (ConfigViolation violation : auth.violations()) {
              violations
                  .addObject()
                  .put("path", violation.path())
                  .put("message", violation.message());
            }
          }
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

  /**
   * The human summary printed at the end, one line per element: what happened with both counts,
   * then the error and its hint when it failed, then the statistics of this run. Every line but an
   * error's message fits 80 columns.
   */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    if (refusedAsLocked()) {
      // Only the refusal: the import itself did not fail, another process is running it.
      ImportException e = error.orElseThrow();
      lines.add("error: " + e.code() + ": " + e.getMessage());
      lines.add("  hint: " + e.hint());
      return lines;
    }
    String counts = count(recordsRead, "record") + " read, " + records + " acknowledged";
    String id = importId.map(i -> "Import " + i).orElse("The import");
    if (alreadyComplete && ok()) {
      lines.add(id + " was already complete: " + counts + ".");
      lines.add("  Nothing was sent and no token was fetched.");
      return lines;
    }
    if (ok()) {
      lines.add(id + " done: " + counts + ".");
    } else if (interrupted() && importId.isEmpty()) {
      lines.add("The import was interrupted before it started; nothing was sent.");
    } else if (interrupted()) {
      lines.add(id + " interrupted: " + counts + ".");
    } else {
      lines.add(id + (importId.isPresent() ? " FAILED: " + counts + "." : " FAILED."));
    }
    error
        .filter(e -> !interrupted())
        .ifPresent(
            e -> {
              lines.add("  error: " + e.code() + ": " + e.getMessage());
              lines.add("  hint: " + e.hint());
            });
    if (importId.isPresent()) {
      lines.add(
          "  "
              + count(batches, "batch")
              + ", "
              + count(requests, "request")
              + ", "
              + count(retries, "retry")
              + ", "
              + count(tokenRefreshes, "token")
              + " obtained, "
              + String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0));
    }
    return lines;
  }

  /** {@link #summaryLines()} joined by line breaks. */
  public String summaryLine() {
    return String.join(System.lineSeparator(), summaryLines());
  }

  /** {@code 1 record}, {@code 2 records}, {@code 1 batch}, {@code 2 batches}, {@code 0 retries}. */
  public static String count(long n, String noun) {
    if (n == 1) {
      return "1 " + noun;
    }
    String plural;
    if (noun.endsWith("ch")) {
      plural = noun + "es";
    } else if (noun.endsWith("y")) {
      plural = noun.substring(0, noun.length() - 1) + "ies";
    } else {
      plural = noun + "s";
    }
    return n + " " + plural;
  }
}
