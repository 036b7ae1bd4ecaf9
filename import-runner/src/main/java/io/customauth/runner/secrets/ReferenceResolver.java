package io.customauth.runner.secrets;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.files.SmallFiles;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.SecretResolver;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:PATH}} references, as a whole value or embedded in
 * one ({@code Bearer ${env:TOKEN}}); {@code $${} is a literal {@code ${}, and any other {@code ${}
 * is a mistake ({@link References}). A {@code ${file:…}} names a regular file of at most 64 KiB of
 * UTF-8 text, its content losing one trailing line break, which editors add. Errors name the field
 * and the reference (a file by its absolute path), never what it resolves to. Immutable and
 * thread-safe.
 */
public final class ReferenceResolver implements SecretResolver {
  /**
   * The largest file a {@code ${file:…}} may name: secrets are small, and read on every request.
   */
  public static final int MAX_FILE_BYTES = 64 * 1024;

  private static final String LIMIT_RULE = "a referenced file may hold at most 64 KiB";

  private final Function<String, Optional<String>> environment;
  private final Path baseDirectory;
  private final String fieldPrefix;

  /**
   * @param environment looks up an environment variable; injectable so tests need no real ones
   * @param baseDirectory where a relative {@code ${file:…}} path starts
   * @param fieldPrefix put before every field named in an error, e.g. {@code auth.}
   */
  public ReferenceResolver(
      Function<String, Optional<String>> environment, Path baseDirectory, String fieldPrefix) {
    this.environment = requireNonNull(environment, "environment");
    this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory");
    this.fieldPrefix = requireNonNull(fieldPrefix, "fieldPrefix");
  }

  /** A resolver over a fixed environment, for tests and embedding. */
  public static ReferenceResolver of(Map<String, String> environment, Path baseDirectory) {
    Map<String, String> copy = Map.copyOf(environment);
    return new ReferenceResolver(name -> Optional.ofNullable(copy.get(name)), baseDirectory, "");
  }

  @Override
  public String resolve(String field, String value) {
    requireNonNull(field, "field");
    requireNonNull(value, "value");
    References references = References.of(value);
    List<ConfigViolation> violations = new ArrayList<>();
    for (String problem : references.problems()) {
      violations.add(new ConfigViolation(fieldPrefix + field, problem));
    }
    if (!violations.isEmpty()) {
      throw AuthException.invalidConfig(violations);
    }
    StringBuilder resolved = new StringBuilder();
    for (References.Part part : references.parts()) {
      if (part instanceof References.Literal literal) {
        resolved.append(literal.text());
      } else if (part instanceof References.Reference reference) {
        lookup(fieldPrefix + field, reference, violations).ifPresent(resolved::append);
      }
    }
    if (!violations.isEmpty()) {
      throw AuthException.invalidConfig(violations);
    }
    return resolved.toString();
  }

  private Optional<String> lookup(
      String field, References.Reference reference, List<ConfigViolation> violations) {
    String name = reference.name();
    if (reference.kind().equals("file")) {
      return readFile(field, name, reference.toString(), violations);
    }
    Optional<String> value = environment.apply(name);
    if (value.isEmpty()) {
      violations.add(
          new ConfigViolation(
              field, "the environment variable " + name + " (from " + reference + ") is not set"));
    }
    return value;
  }

  private Optional<String> readFile(
      String field, String name, String reference, List<ConfigViolation> violations) {
    Path file;
    try {
      file = baseDirectory.resolve(name).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      violations.add(new ConfigViolation(field, reference + " does not name a valid path"));
      return Optional.empty();
    }
    try {
      String content = SmallFiles.readUtf8(file, MAX_FILE_BYTES, LIMIT_RULE);
      return Optional.of(withoutTrailingLineBreak(content));
    } catch (SmallFiles.Refused e) {
      // The absolute path: a relative one starts from the connector's directory, not the shell's.
      violations.add(new ConfigViolation(field, "${file:" + file + "} " + e.reason()));
      return Optional.empty();
    }
  }

  private static String withoutTrailingLineBreak(String content) {
    if (content.endsWith("\r\n")) {
      return content.substring(0, content.length() - 2);
    }
    if (content.endsWith("\n")) {
      return content.substring(0, content.length() - 1);
    }
    return content;
  }
}
