package io.customauth.plugin.custom.config;

import jakarta.validation.constraints.NotNull;

/**
 * One row of {@code queryParameters} or {@code requestBody}. A row whose key is empty is ignored,
 * as the product doc lets users leave blank rows in the form.
 *
 * @param key the parameter name; may be empty (row ignored)
 * @param value the parameter value, possibly a {@code ${env:…}}/{@code ${file:…}} reference; a
 *     secret, so {@link #toString()} never shows it
 */
public record KeyValue(@NotNull(message = "is required") String key, String value) {
  public KeyValue {
    value = value == null ? "" : value;
  }

  /** Whether this row is sent: rows with an empty key are left out. */
  public boolean isSent() {
    return key != null && !key.isEmpty();
  }

  @Override
  public String toString() {
    return "KeyValue[key=" + key + ", value=[REDACTED]]";
  }
}
