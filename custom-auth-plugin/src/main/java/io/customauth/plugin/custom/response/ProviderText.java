package io.customauth.plugin.custom.response;

/**
 * Text received from a provider (key names, content types) made safe to print: JSON-quoted, with
 * every control and format character escaped as {@code \\uXXXX}, so that no escape sequence ever
 * reaches a terminal raw (setting its title, clearing the screen, forging output lines).
 */
public final class ProviderText {
  private ProviderText() {}

  /** {@code text} as a JSON string literal, quotes included. */
  public static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (Character.isISOControl(c)
          || Character.getType(c) == Character.FORMAT
          || Character.getType(c) == Character.LINE_SEPARATOR
          || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
          || Character.isSurrogate(c) && !isPaired(text, i)) {
        // Control characters (C0, DEL, C1), bidi overrides and other invisible formatting.
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static boolean isPaired(String text, int i) {
    char c = text.charAt(i);
    return Character.isHighSurrogate(c)
        ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
