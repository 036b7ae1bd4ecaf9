package io.customauth.runner.imports.upload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.customauth.runner.imports.input.InputRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  // Characters beyond the BMP go out as UTF-8, as the CSV had them, not as escaped surrogates.
  private static final JsonFactory GENERATOR_FACTORY =
      JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

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
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) bodyBytes(recordBytes, records.size()));
    // One generator per body; the separators are written around it, which is why it has none of
    // its own and each record flushes it.
    try (JsonGenerator generator = GENERATOR_FACTORY.createGenerator(out)) {
      generator.setRootValueSeparator(null);
      if (this == JSON) {
        out.write('[');
      }
      for (int i = 0; i < records.size(); i++) {
        if (i > 0 && this == JSON) {
          out.write(',');
        }
        records.get(i).writeTo(out, generator);
        if (this == NDJSON) {
          out.write('\n');
        }
      }
      if (this == JSON) {
        out.write(']');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
