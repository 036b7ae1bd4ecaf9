package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.AuthStrategyFactory;
import io.customauth.spi.ConfigDescription;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A plugin factory found by {@link PluginHost}.
 *
 * @param type the auth type it provides, as written in a connector's {@code auth.type}
 * @param version what the plugin reports as its version
 * @param location the plugin directory (or single jar) it was loaded from
 * @param factory the plugin's factory behind the host's guard: every call into the plugin (the
 *     factory's, its strategies', its scheduler tasks') runs with {@code classLoader} as the
 *     thread's context class loader, and what the plugin throws or returns against the SPI's rules
 *     is a {@link PluginFailure} naming this plugin
 * @param classLoader the class loader the plugin runs in: its own jars over the JDK and the SPI
 * @param description what the plugin says its auth block holds (asked once, at load), if it says
 */
public record LoadedPlugin(
    String type,
    String version,
    Path location,
    AuthStrategyFactory factory,
    ClassLoader classLoader,
    Optional<ConfigDescription> description) {
  public LoadedPlugin {
    requireNonNull(type, "type");
    requireNonNull(version, "version");
    requireNonNull(location, "location");
    requireNonNull(factory, "factory");
    requireNonNull(classLoader, "classLoader");
    requireNonNull(description, "description");
  }
}
