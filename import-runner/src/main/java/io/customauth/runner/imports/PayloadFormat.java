package io.customauth.runner.imports;

import java.io.ByteArrayOutputStream;
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

  /** The body for {@code records}, UTF-8. */
  public byte[] encode(List<InputRecord> records) {
    int size = 2;
    for (InputRecord record : records) {
      size += record.json().length + 1;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    if (this == JSON) {
      out.write('[');
    }
    for (int i = 0; i < records.size(); i++) {
      if (i > 0 && this == JSON) {
        out.write(',');
      }
      out.writeBytes(records.get(i).json());
      if (this == NDJSON) {
        out.write('\n');
      }
    }
    if (this == JSON) {
      out.write(']');
    }
    return out.toByteArray();
  }
}
