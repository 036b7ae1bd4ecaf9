package io.customauth.runner.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.customauth.runner.secrets.ReferenceResolver;
import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.OutgoingRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard around every call into a plugin, with real plugin jars. */
class PluginBoundaryTest {
  @TempDir Path directory;
  private PluginCatalog catalog;
  private HostAuthContext host;

  @BeforeEach
  void loadPlugins() throws IOException {
    PluginJars.faultyPlugin(
        Files.createDirectories(directory.resolve("plugins/faulty")).resolve("f.jar"));
    PluginJars.loaderCheckingPlugin(
        Files.createDirectories(directory.resolve("plugins/loaders")).resolve("l.jar"));
    catalog = new PluginHost().discover(directory.resolve("plugins"));
    assertThat(catalog.problems()).isEmpty();
    host =
        HostAuthContext.withDaemonScheduler(
            Clock.systemUTC(),
            dir -> ReferenceResolver.of(Map.of(), dir),
            new StderrLogger(
                "test", new PrintWriter(new StringWriter()), System.Logger.Level.INFO));
  }

  @AfterEach
  void close() {
    host.close();
    catalog.close();
  }

  private AuthStrategy create(String type, Map<String, Object> config) {
    Map<String, Object> withType = new HashMap<>(config);
    withType.put("type", type);
    return catalog
        .find(type)
        .orElseThrow()
        .factory()
        .create(withType, host.forConnectorIn(directory));
  }

  @Test
  void strategyCallsOnAnyThreadRunWithThePluginsContextLoaderAndRestoreTheCallers()
      throws Exception {
    AuthStrategy strategy = create("loaders", Map.of());
    Credential credential = strategy.credential();
    CapturedRequest request = new CapturedRequest();
    ClassLoader before = new URLClassLoader(new URL[0]);

    CompletableFuture.runAsync(
            () -> {
              Thread.currentThread().setContextClassLoader(before);
              strategy.apply(credential, request);
              assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
            })
        .get(30, TimeUnit.SECONDS);

    assertThat(request.headers).containsEntry("X-Context-Loader", "plugin");
  }

  @Test
  void theCallersContextLoaderIsRestoredWhenThePluginThrows() {
    AuthStrategy strategy = create("faulty", Map.of("fault", "credential-throws"));
    ClassLoader before = Thread.currentThread().getContextClassLoader();

    assertThatThrownBy(strategy::credential).isInstanceOf(PluginFailure.class);

    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
  }

  @Test
  void credentialReturningNullIsAPluginFailure() {
    AuthStrategy strategy = create("faulty", Map.of("fault", "credential-null"));

    assertThat(catchThrowableOfType(PluginFailure.class, strategy::credential))
        .hasMessageEndingWith("failed: credential() returned null")
        .hasNoCause();
  }

  @Test
  void outOfMemoryPassesUnchangedSinceItSaysNothingAboutThePlugin() {
    AuthStrategy strategy = create("faulty", Map.of("fault", "credential-oom"));

    assertThatThrownBy(strategy::credential).isExactlyInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void aPluginFailureKeepsTheClassesAndFramesOfWhatWasThrownButNotItsMessage() {
    AuthStrategy strategy = create("faulty", Map.of("fault", "credential-throws"));

    PluginFailure failure = catchThrowableOfType(PluginFailure.class, strategy::credential);

    assertThat(failure.getCause()).isInstanceOf(RedactedThrowable.class);
    RedactedThrowable cause = (RedactedThrowable) failure.getCause();
    assertThat(cause.originalClass()).isEqualTo("java.lang.IllegalStateException");
    assertThat(cause.getStackTrace()[0].getClassName()).isEqualTo("faulty.FaultyFactory");
    assertThat(((RedactedThrowable) cause.getCause()).originalClass())
        .isEqualTo("java.io.IOException");
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(PluginJars.FAULTY_SECRET);
      assertThat(t.toString()).doesNotContain(PluginJars.FAULTY_SECRET);
    }
  }

  @Test
  void tasksGivenToTheSchedulerRunWithThePluginsContextLoader() throws Exception {
    ClassLoader plugin = new URLClassLoader(new URL[0]);
    ScheduledExecutorService view =
        new ContextLoaderScheduler(
            host.forConnectorIn(directory).scheduler(),
            new PluginBoundary("t", "1", directory, plugin));
    Callable<ClassLoader> seen = () -> Thread.currentThread().getContextClassLoader();

    assertThat(view.schedule(seen, 0, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS)).isSameAs(plugin);
    assertThat(view.submit(seen).get(30, TimeUnit.SECONDS)).isSameAs(plugin);
    assertThat(view.invokeAll(List.of(seen)).get(0).get(30, TimeUnit.SECONDS)).isSameAs(plugin);
    assertThat(view.invokeAny(List.of(seen))).isSameAs(plugin);
  }

  @Test
  void aPluginCannotShutTheSharedSchedulerDown() {
    ScheduledExecutorService view =
        new ContextLoaderScheduler(
            host.forConnectorIn(directory).scheduler(),
            new PluginBoundary("t", "1", directory, new URLClassLoader(new URL[0])));

    assertThatThrownBy(view::shutdown).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(view::shutdownNow).isInstanceOf(UnsupportedOperationException.class);
    assertThat(view.isShutdown()).isFalse();
  }

  @Test
  void thePluginsContextForwardsEveryAuthContextMethod() {
    assertOverridesEveryMethod(PluginContext.class, AuthContext.class);
  }

  @Test
  void theGuardedStrategyOverridesEveryAuthStrategyMethod() {
    assertOverridesEveryMethod(GuardedStrategy.class, AuthStrategy.class);
  }

  @Test
  void theSchedulerViewOverridesEveryMethodOfTheJava17Interface() {
    // close() is a default method of Java 19+; the build targets 17, where it does not exist.
    for (Method method : ScheduledExecutorService.class.getMethods()) {
      if (!method.getName().equals("close")) {
        assertThat(declares(ContextLoaderScheduler.class, method)).as(method.toString()).isTrue();
      }
    }
  }

  /** A default method left alone would bypass the guard, or return the SPI's default. */
  private static void assertOverridesEveryMethod(Class<?> implementation, Class<?> spi) {
    for (Method method : spi.getMethods()) {
      if (!Modifier.isStatic(method.getModifiers())) {
        assertThat(declares(implementation, method)).as(method.toString()).isTrue();
      }
    }
  }

  private static boolean declares(Class<?> type, Method method) {
    try {
      type.getDeclaredMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static final class CapturedRequest implements OutgoingRequest {
    final Map<String, String> headers = new HashMap<>();

    @Override
    public void setHeader(String name, String value) {
      headers.put(name, value);
    }

    @Override
    public void addQueryParameter(String name, String value) {}
  }
}
