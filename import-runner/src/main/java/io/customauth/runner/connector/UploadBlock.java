package io.customauth.runner.connector;

import static java.util.stream.Collectors.joining;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.imports.upload.UploadUrl;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.UploadTarget;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Reads and checks a connector's {@code upload} block, with the defaults of the product. */
final class UploadBlock {
  static final String PROJECT_PLACEHOLDER = "{project}";
  private static final List<String> FIELDS =
      List.of(
          "url",
          "method",
          "format",
          "batchSize",
          "concurrency",
          "maxAttempts",
          "maxBatchBytes",
          "reauthenticateOn");

  /** The statuses providers answer an expired or revoked token with. */
  static final List<Integer> REAUTHENTICATE_STATUSES = List.of(401, 403, 419, 440);

  private static final List<String> METHODS = List.of("POST", "PUT");
  private static final List<String> FORMATS = List.of("json", "ndjson");
  // Upper bounds catch typos (an extra zero) before they overload a provider or the runner.
  private static final int MAX_BATCH_SIZE = 100_000;
  private static final int MAX_CONCURRENCY = 64;
  private static final int MAX_ATTEMPTS = 100;
  // A body must hold a real record, and the runner holds a few bodies per upload thread.
  static final int MIN_BATCH_BYTES = 1024;
  static final int MAX_BATCH_BYTES = 64 * 1024 * 1024;

  private UploadBlock() {}

  /** The upload target, or empty when {@code node} broke a rule (each reported). */
  static Optional<UploadTarget> read(JsonNode node, List<ConfigViolation> violations) {
    if (!node.isObject()) {
      violations.add(new ConfigViolation("upload", "must be an object"));
      return Optional.empty();
    }
    int before = violations.size();
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        violations.add(
            new ConfigViolation("upload." + name, DidYouMean.unknown("field", name, FIELDS)));
      }
    }
    String url = url(node.get("url"), violations);
    String method = choice(node, "method", METHODS, UploadTarget.DEFAULT_METHOD, violations);
    String format = choice(node, "format", FORMATS, UploadTarget.DEFAULT_FORMAT, violations);
    int batchSize =
        count(node, "batchSize", UploadTarget.DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, violations);
    int concurrency =
        count(node, "concurrency", UploadTarget.DEFAULT_CONCURRENCY, MAX_CONCURRENCY, violations);
    int maxAttempts =
        count(node, "maxAttempts", UploadTarget.DEFAULT_MAX_ATTEMPTS, MAX_ATTEMPTS, violations);
    int maxBatchBytes = maxBatchBytes(node.get("maxBatchBytes"), violations);
    List<Integer> reauthenticateOn = reauthenticateOn(node.get("reauthenticateOn"), violations);
    if (violations.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new UploadTarget(
            url,
            method,
            format,
            batchSize,
            concurrency,
            maxAttempts,
            maxBatchBytes,
            reauthenticateOn));
  }

  private static List<Integer> reauthenticateOn(JsonNode node, List<ConfigViolation> violations) {
    if (node == null) {
      return UploadTarget.DEFAULT_REAUTHENTICATE_ON;
    }
    TreeSet<Integer> statuses = new TreeSet<>();
    boolean valid = node.isArray() && !node.isEmpty();
    for (JsonNode status : node) {
      if (status.isIntegralNumber()
          && status.canConvertToInt()
          && REAUTHENTICATE_STATUSES.contains(status.intValue())) {
        statuses.add(status.intValue());
      } else {
        valid = false;
      }
    }
    if (!valid) {
      violations.add(
          new ConfigViolation(
              "upload.reauthenticateOn",
              "must be a list of the statuses that mean the token was rejected, among "
                  + REAUTHENTICATE_STATUSES.stream().map(String::valueOf).collect(joining(", "))
                  + "; the default is [401]"));
      return UploadTarget.DEFAULT_REAUTHENTICATE_ON;
    }
    return List.copyOf(statuses);
  }

  private static int maxBatchBytes(JsonNode node, List<ConfigViolation> violations) {
    if (node == null) {
      return UploadTarget.DEFAULT_MAX_BATCH_BYTES;
    }
    if (!node.isIntegralNumber()
        || !node.canConvertToInt()
        || node.intValue() < MIN_BATCH_BYTES
        || node.intValue() > MAX_BATCH_BYTES) {
      violations.add(
          new ConfigViolation(
              "upload.maxBatchBytes",
              "must be a whole number of bytes between "
                  + MIN_BATCH_BYTES
                  + " (1 KiB) and "
                  + MAX_BATCH_BYTES
                  + " (64 MiB); the default is "
                  + UploadTarget.DEFAULT_MAX_BATCH_BYTES
                  + " (8 MiB)"));
      return UploadTarget.DEFAULT_MAX_BATCH_BYTES;
    }
    return node.intValue();
  }

  private static String url(JsonNode node, List<ConfigViolation> violations) {
    if (node == null) {
      violations.add(new ConfigViolation("upload.url", "is required"));
      return "";
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      violations.add(new ConfigViolation("upload.url", "must be a non-empty string"));
      return "";
    }
    // {project} is filled in per import; any stand-in segment shows whether the rest is valid.
    String url = node.textValue();
    UploadUrl.templateProblem(url)
        .ifPresent(problem -> violations.add(new ConfigViolation("upload.url", problem)));
    HttpTargets.problemWith(url.replace(PROJECT_PLACEHOLDER, "project"))
        .ifPresent(problem -> violations.add(new ConfigViolation("upload.url", problem)));
    return url;
  }

  private static String choice(
      JsonNode block,
      String field,
      List<String> allowed,
      String fallback,
      List<ConfigViolation> violations) {
    JsonNode node = block.get(field);
    if (node == null) {
      return fallback;
    }
    if (!node.isTextual() || !allowed.contains(node.textValue())) {
      // Never repeats what was written; a name that is not text gets no suggestion.
      String given = node.isTextual() ? node.textValue() : null;
      violations.add(
          new ConfigViolation("upload." + field, DidYouMean.unknown("value", given, allowed)));
      return fallback;
    }
    return node.textValue();
  }

  private static int count(
      JsonNode block, String field, int fallback, int max, List<ConfigViolation> violations) {
    JsonNode node = block.get(field);
    if (node == null) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      violations.add(new ConfigViolation("upload." + field, "must be a whole number"));
      return fallback;
    }
    int value = node.intValue();
    if (value < 1 || value > max) {
      violations.add(new ConfigViolation("upload." + field, "must be between 1 and " + max));
      return fallback;
    }
    return value;
  }
}
