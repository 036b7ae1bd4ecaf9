package io.customauth.runner.imports;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A new import, as the user asked for it.
 *
 * @param connectorFile the connector file the connector was loaded from; only its path and the
 *     SHA-256 of its bytes go into the journal
 * @param projectId replaces {@code {project}} in the upload URL; see {@link #projectIdProblem}
 * @param files the input files, uploaded in this order; at least one, each file once
 * @throws IllegalArgumentException when {@code files} is empty or {@code projectId} is not usable
 */
public record ImportRequest(Path connectorFile, String projectId, List<Path> files) {
  public ImportRequest {
    requireNonNull(connectorFile, "connectorFile");
    requireNonNull(projectId, "projectId");
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("an import needs at least one input file");
    }
    projectIdProblem(projectId)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
  }

  /**
   * Why {@code projectId} cannot be a project id, or empty when it can. It becomes one path segment
   * of the upload URL: {@code .} and {@code ..} would be read as "this" or "the parent" directory
   * by servers and proxies (even percent-encoded, as many decode them), and a control character can
   * never be meant.
   */
  public static Optional<String> projectIdProblem(String projectId) {
    if (projectId.isEmpty()) {
      return Optional.of("--project must not be empty");
    }
    if (projectId.equals(".") || projectId.equals("..")) {
      return Optional.of(
          "--project '" + projectId + "' is not a project id: it would name another URL path");
    }
    for (int i = 0; i < projectId.length(); i++) {
      char c = projectId.charAt(i);
      if (Character.isISOControl(c)) {
        return Optional.of(
            String.format(
                "--project must not contain control characters (U+%04X at position %d)",
                (int) c, i + 1));
      }
    }
    return Optional.empty();
  }
}
