package io.customauth.runner.imports;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * A new import, as the user asked for it.
 *
 * @param connectorFile the connector file the connector was loaded from; only its path and the
 *     SHA-256 of its bytes go into the journal
 * @param projectId replaces {@code {project}} in the upload URL
 * @param files the input files, uploaded in this order; at least one
 */
public record ImportRequest(Path connectorFile, String projectId, List<Path> files) {
  public ImportRequest {
    requireNonNull(connectorFile, "connectorFile");
    requireNonNull(projectId, "projectId");
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("an import needs at least one input file");
    }
    if (projectId.isEmpty()) {
      throw new IllegalArgumentException("the project id must not be empty");
    }
  }
}
