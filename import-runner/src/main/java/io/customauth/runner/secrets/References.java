package io.customauth.runner.secrets;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.connector.DidYouMean;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The syntax of references in a configured value, checked without reading anything: {@code
 * ${env:NAME}} and {@code ${file:PATH}} are references, {@code $${} stands for a literal {@code
 * ${}, and anything else that starts with {@code ${} is a mistake ({@code ${ENV:X}}, {@code ${X}},
 * an unclosed {@code ${}). Messages name the kind at most, never the value around it, which may be
 * a secret. Immutable.
 *
 * @param parts the value's literal text and references, in order
 * @param problems what is wrong with the value's references, one message each; empty when none
 */
public record References(List<Part> parts, List<String> problems) {
  /** The kinds a reference may have. */
  public static final List<String> KINDS = List.of("env", "file");

  private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Pattern SHOWN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  public References {
    parts = List.copyOf(parts);
    problems = List.copyOf(problems);
  }

  /** A piece of a value: text as it is meant ({@code $${} already made {@code ${}) or a reference. */
  public sealed interface Part permits Literal, Reference {}

  /** Text taken as it is. */
  public record Literal(String text) implements Part {}

  /**
   * {@code ${kind:name}} with a known kind.
   *
   * @param kind {@code env} or {@code file}
   */
  public record Reference(String kind, String name) implements Part {
    @Override
    public String toString() {
      return "${" + kind + ":" + name + "}";
    }
  }

  /** The references of {@code value}, and what is wrong with them. */
  public static References of(String value) {
    requireNonNull(value, "value");
    List<Part> parts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      if (value.startsWith("$${", i)) {
        literal.append("${");
        i += 3;
        continue;
      }
      if (!value.startsWith("${", i)) {
        literal.append(value.charAt(i));
        i++;
        continue;
      }
      int close = value.indexOf('}', i + 2);
      if (close < 0) {
        problems.add(
            "a reference is not closed: end it with }, or write $${ for a literal ${"
                + " (e.g. ${env:NAME})");
        literal.append(value, i, value.length());
        break;
      }
      String content = value.substring(i + 2, close);
      i = close + 1;
      int colon = content.indexOf(':');
      String kind = colon < 0 ? "" : content.substring(0, colon);
      if (!KIND.matcher(kind).matches()) {
        problems.add(needsKind(colon < 0 ? content : ""));
        continue;
      }
      String name = content.substring(colon + 1);
      if (!KINDS.contains(kind)) {
        problems.add(unknownKind(kind));
        continue;
      }
      if (name.isBlank()) {
        problems.add("the reference ${" + kind + ":} names nothing");
        continue;
      }
      if (!literal.isEmpty()) {
        parts.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
      parts.add(new Reference(kind, name));
    }
    if (!literal.isEmpty() || parts.isEmpty()) {
      parts.add(new Literal(literal.toString()));
    }
    return new References(parts, problems);
  }

  /** {@code ${X}}: the name is shown when it looks like a variable's name, never anything else. */
  private static String needsKind(String written) {
    String name = SHOWN_NAME.matcher(written).matches() ? written : null;
    return "a reference needs a kind: "
        + (name == null
            ? "${env:NAME} or ${file:PATH}"
            : "${env:" + name + "} or ${file:" + name + "}")
        + "; write $${ for a literal ${";
  }

  private static String unknownKind(String kind) {
    return DidYouMean.nearest(kind, KINDS)
        .map(nearest -> "unknown reference kind '" + kind + "'; did you mean " + nearest + "?")
        .orElse("unknown reference kind '" + kind + "'; use ${env:NAME} or ${file:PATH}");
  }
}
