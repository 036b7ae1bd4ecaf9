package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A plugin directory or jar that was skipped, and why.
 *
 * @param location the directory or jar at fault
 * @param reason what went wrong, for the user; names classes and files, never configured values
 */
public record PluginProblem(Path location, String reason) {
  public PluginProblem {
    requireNonNull(location, "location");
    requireNonNull(reason, "reason");
  }
}
