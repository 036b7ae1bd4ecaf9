package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A plugin directory (or a stray file in the plugins directory) that was skipped, and why.
 *
 * @param location the absolute directory or file at fault
 * @param reason what went wrong, for the user; names classes and files, never configured values
 * @param type the auth type the skipped plugin provides, when it got as far as saying
 */
public record PluginProblem(Path location, String reason, Optional<String> type) {
  public PluginProblem {
    requireNonNull(location, "location");
    requireNonNull(reason, "reason");
    requireNonNull(type, "type");
  }

  /** A problem of a plugin whose type is unknown. */
  public PluginProblem(Path location, String reason) {
    this(location, reason, Optional.empty());
  }
}
