package io.customauth.runner.connector;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.plugin.LoadedPlugin;
import io.customauth.spi.UploadTarget;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A connector file that passed every check, not yet connected to anything.
 *
 * @param file where it was read from
 * @param name the connector's name
 * @param plugin the plugin of its {@code auth.type}
 * @param auth the auth block as the plugin receives it; holds secrets, so {@link #toString()} shows
 *     its keys only
 * @param upload the upload target, when the file has one
 */
public record ConnectorDefinition(
    Path file,
    String name,
    LoadedPlugin plugin,
    Map<String, Object> auth,
    Optional<UploadTarget> upload) {
  public ConnectorDefinition {
    requireNonNull(file, "file");
    requireNonNull(name, "name");
    requireNonNull(plugin, "plugin");
    // Unmodifiable but order-preserving: plugins may report violations in field order.
    auth = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(auth, "auth")));
    requireNonNull(upload, "upload");
  }

  public String type() {
    return plugin.type();
  }

  @Override
  public String toString() {
    return "ConnectorDefinition[file="
        + file
        + ", name="
        + name
        + ", type="
        + plugin.type()
        + ", auth keys="
        + auth.keySet()
        + ", upload="
        + upload
        + "]";
  }
}
