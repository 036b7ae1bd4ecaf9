package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.AuthStrategyFactory;
import java.nio.file.Path;

/**
 * A plugin factory found by {@link PluginHost}.
 *
 * @param type the auth type it provides, as written in a connector's {@code auth.type}
 * @param version what the plugin reports as its version
 * @param location the plugin directory (or single jar) it was loaded from
 * @param factory the factory, loaded by the plugin's own class loader
 */
public record LoadedPlugin(
    String type, String version, Path location, AuthStrategyFactory factory) {
  public LoadedPlugin {
    requireNonNull(type, "type");
    requireNonNull(version, "version");
    requireNonNull(location, "location");
    requireNonNull(factory, "factory");
  }

  /** The class loader the plugin runs in: its own jars over the JDK and the SPI. */
  public ClassLoader classLoader() {
    return factory.getClass().getClassLoader();
  }
}
