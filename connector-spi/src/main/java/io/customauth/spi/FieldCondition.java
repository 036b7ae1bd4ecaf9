package io.customauth.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * When a field may be present: only while its sibling {@code field} (a member of the same auth
 * block, object or row) has one of {@code values}, as in "requestBody only with method POST". Set
 * with {@link ConfigField#onlyWhen(String, Object...)}; a schema renders it as draft 2020-12 {@code
 * if}/{@code then}. An absent sibling counts as its default, if it has one. Immutable and
 * thread-safe.
 *
 * @param field the name of the sibling field whose value decides
 * @param values the values of {@code field} that allow the field; never empty
 * @since SPI 1.1
 */
public record FieldCondition(String field, List<Object> values) {
  /**
   * @throws IllegalArgumentException when {@code field} is blank or {@code values} is empty
   */
  public FieldCondition {
    requireNonNull(field, "field");
    values = List.copyOf(requireNonNull(values, "values"));
    if (field.isBlank()) {
      throw new IllegalArgumentException("a condition names a field");
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a condition on " + field + " needs values");
    }
  }
}
