package io.customauth.spi;

/**
 * The JSON type of a {@link ConfigField}'s value in a connector's auth block. Constants are only
 * ever appended: a {@code switch} over them needs a {@code default} branch.
 */
public enum FieldType {
  /**
   * A JSON string; a configured string may be a {@code ${env:…}} or {@code ${file:…}} reference.
   */
  STRING,
  /** A JSON number without a fraction. */
  INTEGER,
  /** Any JSON number. */
  NUMBER,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** A JSON object whose members are the field's {@link ConfigField#fields()}, and no others. */
  OBJECT,
  /**
   * A JSON array of objects ("rows", such as {@code [{"key": …, "value": …}]}), each with the
   * field's {@link ConfigField#fields()} and no others.
   */
  ROWS,
  /** Any JSON object: its members are the plugin's to check, the host checks none of them. */
  ANY_OBJECT
}
