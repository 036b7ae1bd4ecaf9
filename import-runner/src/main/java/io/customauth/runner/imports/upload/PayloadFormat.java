package io.customauth.runner.imports.upload;

import io.customauth.runner.imports.input.InputRecord;
import java.util.List;
import java.util.Locale;

/**
 * How a batch's records are put in a request body, as the connector's {@code upload.format} says.
 */
public enum PayloadFormat {
  /** A JSON array of the records. */
  JSON("application/json"),
  /** One record per line. */
  NDJSON("application/x-ndjson");

  private final String contentType;

  PayloadFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The format named {@code json} or {@code ndjson} (any case). */
  public static PayloadFormat named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "json" -> JSON;
      case "ndjson" -> NDJSON;
      default ->
          throw new IllegalArgumentException("upload format must be json or ndjson, not " + name);
    };
  }

  public String contentType() {
    return contentType;
  }

  /** The configuration name: {@code json} or {@code ndjson}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The exact length in bytes of the body {@link #encode} makes of {@code records} records whose
   * JSON has {@code recordBytes} bytes in all: a JSON array adds brackets and commas, NDJSON a line
   * break after each record.
   */
  public long bodyBytes(long recordBytes, int records) {
    return this == JSON ? recordBytes + 2 + Math.max(0, records - 1) : recordBytes + records;
  }

  /**
   * The body for {@code records}, UTF-8: each record's bytes as read, so numbers, escapes and key
   * order are the input's. Called on the upload threads.
   */
  public byte[] encode(List<InputRecord> records) {
    long recordBytes = 0;
    for (InputRecord record : records) {
      recordBytes += record.size();
    }
    // Every record knows its exact size, so the body is written straight into an array of its
    // length: no growing buffer, no copy at the end.
    byte[] body = new byte[Math.toIntExact(bodyBytes(recordBytes, records.size()))];
    int at = 0;
    if (this == JSON) {
      body[at++] = '[';
    }
    for (int i = 0; i < records.size(); i++) {
      if (i > 0 && this == JSON) {
        body[at++] = ',';
      }
      at = records.get(i).writeTo(body, at);
      if (this == NDJSON) {
        body[at++] = '\n';
      }
    }
    if (this == JSON) {
      body[at++] = ']';
    }
    return body;
  }
}
