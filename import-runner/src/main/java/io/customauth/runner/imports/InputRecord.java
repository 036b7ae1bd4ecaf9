package io.customauth.runner.imports;

import static java.util.Objects.requireNonNull;

/**
 * One record read from an input file, already serialised as compact JSON so that a batch holds
 * bytes rather than a tree of objects.
 *
 * @param line the line of the input file the record starts on (1-based)
 * @param json the record as a compact JSON object, UTF-8; never modified after construction
 */
public record InputRecord(long line, byte[] json) {
  public InputRecord {
    requireNonNull(json, "json");
    if (line < 1) {
      throw new IllegalArgumentException("line must be at least 1");
    }
  }

  /** Never the record's content: input data may be confidential. */
  @Override
  public String toString() {
    return "InputRecord[line=" + line + ", bytes=" + json.length + "]";
  }
}
