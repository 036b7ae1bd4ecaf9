package io.customauth.runner.plugin;

import io.customauth.spi.AuthStrategyFactory;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The parent of every plugin class loader: the JDK (platform loader) plus the SPI package, taken
 * from the host so that host and plugin agree on the SPI types. Nothing else of the host is
 * visible, so a plugin keeps its own HttpClient, Jackson and validator versions and cannot reach
 * the runner's.
 */
final class SpiOnlyClassLoader extends ClassLoader {
  static final String SPI_PACKAGE = AuthStrategyFactory.class.getPackageName();
  private static final String SPI_RESOURCE_DIRECTORY = SPI_PACKAGE.replace('.', '/');

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader host;

  SpiOnlyClassLoader(ClassLoader host) {
    super("spi-only", ClassLoader.getPlatformClassLoader());
    this.host = host;
  }

  /** Called only after the platform loader declined, so only the SPI package goes to the host. */
  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    int lastDot = name.lastIndexOf('.');
    if (lastDot > 0 && name.substring(0, lastDot).equals(SPI_PACKAGE)) {
      return host.loadClass(name);
    }
    throw new ClassNotFoundException(name);
  }

  @Override
  protected URL findResource(String name) {
    return isSpiResource(name) ? host.getResource(name) : null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    return isSpiResource(name) ? host.getResources(name) : Collections.emptyEnumeration();
  }

  private static boolean isSpiResource(String name) {
    int lastSlash = name.lastIndexOf('/');
    return lastSlash > 0 && name.substring(0, lastSlash).equals(SPI_RESOURCE_DIRECTORY);
  }
}
