package io.customauth.plugin.custom;

import static io.customauth.plugin.custom.fixtures.FakeProvider.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.plugin.custom.fixtures.FakeProvider;
import io.customauth.plugin.custom.fixtures.RecordingContext;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.AuthStrategyFactory;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin as a host loads it: its own class loader, whose parent shows only the JDK and the SPI,
 * while the thread's context class loader is the host's and knows none of the plugin's libraries
 * (Hibernate Validator must still be found).
 */
class IsolatedPluginTest {
  private final FakeProvider provider = FakeProvider.http();
  private final RecordingContext context = new RecordingContext(Clock.systemUTC(), Map.of());

  @AfterEach
  void stop() {
    provider.close();
    context.close();
  }

  /** Delegates the SPI to the test's loader; everything else only to the JDK. */
  private static final class SpiOnly extends ClassLoader {
    private final ClassLoader host = AuthStrategyFactory.class.getClassLoader();

    SpiOnly() {
      super(ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (name.startsWith("io.customauth.spi.")) {
        return host.loadClass(name);
      }
      throw new ClassNotFoundException(name);
    }
  }

  private static URL[] pluginClasspath() throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      // The plugin's main classes and runtime libraries; not its tests, not the SPI.
      boolean tests = entry.endsWith("test-classes");
      boolean spi = entry.contains("connector-spi");
      if (!tests && !spi && !entry.isEmpty()) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    return urls.toArray(URL[]::new);
  }

  @Test
  void validatesAndFetchesFromItsOwnClassLoader() throws Exception {
    provider.answer("/token", json("{\"access_token\":\"tok\",\"expires_in\":3600}"));
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader plugin = new URLClassLoader(pluginClasspath(), new SpiOnly());
        URLClassLoader bareHost = new URLClassLoader(new URL[0], new SpiOnly())) {
      thread.setContextClassLoader(bareHost);
      AuthStrategyFactory factory =
          ServiceLoader.load(AuthStrategyFactory.class, plugin).findFirst().orElseThrow();
      assertThat(factory.getClass().getClassLoader()).isSameAs(plugin);

      Map<String, Object> invalid = Configs.custom(provider.url("/token"));
      invalid.put("expiryType", "hours");
      assertThat(factory.validate(invalid)).hasSize(1);

      try (AuthStrategy strategy =
          factory.create(Configs.custom(provider.url("/token")), context)) {
        assertThat(strategy.credential().token()).isEqualTo("tok");
      }
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
