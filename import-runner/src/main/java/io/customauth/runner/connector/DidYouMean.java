package io.customauth.runner.connector;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one wording of "this name is not known" for fields and values alike: {@code unknown field;
 * did you mean tokenKeyName? Known fields: type, method, …}. Users write these names by hand, so
 * the nearest known one is suggested when it is close enough to be the intended one.
 *
 * <p>Closeness is the optimal string alignment distance (Damerau-Levenshtein where a transposition
 * counts as one edit), ignoring case: at most 1 edit for names of up to 4 characters ({@code PST}
 * for {@code POST}, but not {@code PUT}), at most 2 for longer ones. A name that differs only in
 * case is always suggested. Failing that, a known name that the written one begins (at least 4
 * characters: {@code user} for {@code username}) is suggested when it is the only one. The message
 * never repeats what was written: it may be a secret mistyped into the wrong field.
 *
 * <p>The runner's own copy of the custom plugin's {@code DidYouMean}, with the same rule and
 * wording (the runner cannot load a plugin's classes): the connector's top level, its {@code
 * upload} block and reference kinds read as the plugin's {@code auth} fields do.
 */
public final class DidYouMean {
  private DidYouMean() {}

  /**
   * {@code unknown <kind>; did you mean <nearest>? Known <kind>s: a, b, c}, or {@code unknown
   * <kind>; known <kind>s: a, b, c} when no known name is close.
   *
   * @param kind {@code field} or {@code value}
   */
  public static String unknown(String kind, String given, Collection<String> known) {
    String list = kind + "s: " + String.join(", ", known);
    return nearest(given, known)
        .map(name -> "unknown " + kind + "; did you mean " + name + "? Known " + list)
        .orElse("unknown " + kind + "; known " + list);
  }

  /** The known name closest to {@code given}, if one is close enough; the first one on a tie. */
  public static Optional<String> nearest(String given, Collection<String> known) {
    if (given == null) {
      return Optional.empty();
    }
    String lower = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : known) {
      int distance = distance(lower, name.toLowerCase(Locale.ROOT));
      int allowed = name.length() <= 4 ? 1 : 2;
      if (distance <= allowed && distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
    if (best != null || lower.length() < 4) {
      return Optional.ofNullable(best);
    }
    List<String> completions =
        known.stream().filter(name -> name.toLowerCase(Locale.ROOT).startsWith(lower)).toList();
    return completions.size() == 1 ? Optional.of(completions.get(0)) : Optional.empty();
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
