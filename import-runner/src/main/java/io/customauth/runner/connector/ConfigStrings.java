package io.customauth.runner.connector;

import io.customauth.runner.secrets.References;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.SecretResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The strings of an auth block at any depth, where references may be: auth values, {@code jsonBody}
 * strings, {@code headers[i].value}, {@code basicAuth.password}, query and body rows, the URL. Keys
 * are not values: they are never references.
 */
final class ConfigStrings {
  private ConfigStrings() {}

  /**
   * Every reference mistake in {@code auth}, read from the text alone ({@link References}).
   *
   * @param prefix put before each path, e.g. {@code auth.}
   */
  static List<ConfigViolation> referenceProblems(Map<String, Object> auth, String prefix) {
    List<ConfigViolation> violations = new ArrayList<>();
    forEach(
        auth,
        (path, value) -> {
          for (String problem : References.of(value).problems()) {
            violations.add(new ConfigViolation(prefix + path, problem));
          }
        });
    return violations;
  }

  /**
   * Resolves every string of {@code auth} with {@code secrets}, keeping nothing: what could not be
   * resolved, each as the resolver words it.
   */
  static List<ConfigViolation> unresolved(Map<String, Object> auth, SecretResolver secrets) {
    List<ConfigViolation> violations = new ArrayList<>();
    forEach(
        auth,
        (path, value) -> {
          try {
            secrets.resolve(path, value);
          } catch (AuthException e) {
            violations.addAll(e.violations());
          }
        });
    return violations;
  }

  /** Calls {@code action} with the path (e.g. {@code headers[0].value}) and each string value. */
  static void forEach(Map<String, Object> tree, BiConsumer<String, String> action) {
    tree.forEach((key, value) -> visit(key, value, action));
  }

  private static void visit(String path, Object value, BiConsumer<String, String> action) {
    if (value instanceof String text) {
      action.accept(path, text);
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, inner) -> visit(path + "." + key, inner, action));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        visit(path + "[" + i + "]", list.get(i), action);
      }
    }
  }
}
