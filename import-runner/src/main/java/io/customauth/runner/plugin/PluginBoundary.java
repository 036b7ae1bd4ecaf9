package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthException;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.AuthStrategyFactory;
import io.customauth.spi.ConfigDescription;
import io.customauth.spi.ConfigViolation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Every call from the host into one plugin's code passes here: it runs with the plugin's class
 * loader as the thread's context class loader (restored afterwards), and what the plugin throws or
 * returns against the SPI's rules becomes a {@link PluginFailure} naming the plugin. {@link
 * #guard(AuthStrategyFactory)} applies it to a factory, the strategies it creates and the scheduler
 * they see. Immutable and thread-safe.
 */
final class PluginBoundary {
  private final String type;
  private final String version;
  private final Path location;
  private final ClassLoader loader;

  PluginBoundary(String type, String version, Path location, ClassLoader loader) {
    this.type = requireNonNull(type, "type");
    this.version = requireNonNull(version, "version");
    this.location = requireNonNull(location, "location");
    this.loader = requireNonNull(loader, "loader");
  }

  ClassLoader loader() {
    return loader;
  }

  /** {@code factory} with every call, and the strategies it creates, behind this boundary. */
  AuthStrategyFactory guard(AuthStrategyFactory factory) {
    requireNonNull(factory, "factory");
    return new AuthStrategyFactory() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public String version() {
        return version;
      }

      @Override
      public Optional<ConfigDescription> describeConfig() {
        Optional<ConfigDescription> description =
            call("describeConfig()", false, factory::describeConfig);
        if (description == null) {
          throw brokeContract("describeConfig() returned null instead of an Optional");
        }
        return description;
      }

      @Override
      public List<ConfigViolation> validate(Map<String, Object> config) {
        // validate() reports problems by returning them: any exception, even an AuthException,
        // is a plugin bug, never the user's connector.
        List<ConfigViolation> violations =
            call("validate()", false, () -> factory.validate(config));
        if (violations == null) {
          throw brokeContract("validate() returned null instead of a list");
        }
        if (violations.stream().anyMatch(violation -> violation == null)) {
          throw brokeContract("validate() returned a list with a null element");
        }
        return List.copyOf(violations);
      }

      @Override
      public AuthStrategy create(Map<String, Object> config, AuthContext context) {
        AuthContext view = new PluginContext(context, PluginBoundary.this);
        AuthStrategy strategy = call("create()", true, () -> factory.create(config, view));
        if (strategy == null) {
          throw brokeContract("create() returned null");
        }
        return new GuardedStrategy(strategy, PluginBoundary.this, context.logger());
      }

      @Override
      public String toString() {
        return "the factory of " + plugin();
      }
    };
  }

  /**
   * Runs {@code body} (plugin code) with the plugin's context class loader.
   *
   * @param operation the SPI method, for messages, e.g. {@code credential()}
   * @param authExceptionAllowed whether an {@link AuthException} is a documented outcome of the
   *     call, passed on as it is; otherwise it is a plugin failure like any other throwable
   * @throws PluginFailure for anything else {@code body} throws, except an {@link
   *     OutOfMemoryError}, which says nothing about the plugin and passes unchanged
   */
  <T> T call(String operation, boolean authExceptionAllowed, Supplier<T> body) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return body.get();
    } catch (Throwable thrown) {
      throw translate(operation, authExceptionAllowed, thrown);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** {@link #call} for a method without a result. */
  void run(String operation, Runnable body) {
    call(
        operation,
        true,
        () -> {
          body.run();
          return null;
        });
  }

  /**
   * {@code task}, plugin code the host's scheduler runs, with the plugin's context class loader.
   */
  Runnable withLoader(Runnable task) {
    requireNonNull(task, "task");
    return () -> {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        task.run();
      } finally {
        thread.setContextClassLoader(previous);
      }
    };
  }

  /** {@link #withLoader(Runnable)} for a task with a result. */
  <T> Callable<T> withLoader(Callable<T> task) {
    requireNonNull(task, "task");
    return () -> {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        return task.call();
      } finally {
        thread.setContextClassLoader(previous);
      }
    };
  }

  /** The failure for a call that returned what the SPI forbids, e.g. {@code null}. */
  PluginFailure brokeContract(String what) {
    return new PluginFailure(plugin() + " failed: " + what, null);
  }

  /** What to tell users when {@code close()} threw: a warning, since the work was done. */
  String closeWarning(Throwable thrown) {
    return plugin() + " failed to close: close() threw " + classChain(thrown) + "; ignored";
  }

  private RuntimeException translate(
      String operation, boolean authExceptionAllowed, Throwable thrown) {
    if (thrown instanceof OutOfMemoryError error) {
      throw error;
    }
    Throwable cause = thrown;
    // A strategy may leak the wrapper of its own future; the AuthException inside is still valid.
    if ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (authExceptionAllowed && cause instanceof AuthException authFailure) {
      return authFailure;
    }
    return new PluginFailure(
        plugin() + " failed: " + operation + " threw " + classChain(thrown) + linkageAdvice(thrown),
        RedactedThrowable.of(thrown));
  }

  /**
   * Why a {@link LinkageError} ({@code ClassFormatError}, {@code NoClassDefFoundError}, {@code
   * UnsupportedClassVersionError}, ...) most likely happened, which the class name alone does not
   * tell a user: the plugin's classes could not be loaded, so its installation is at fault more
   * often than its code (a damaged or partly copied jar: the distribution's jars are stored
   * uncompressed, and the JDK reads a stored entry without checking its CRC). Empty otherwise.
   */
  static String linkageAdvice(Throwable thrown) {
    int depth = 0;
    for (Throwable current = thrown; current != null && depth++ < 5; current = current.getCause()) {
      if (current instanceof LinkageError) {
        return " (a class of the plugin could not be loaded: its jars may be damaged or incomplete,"
            + " or built for another Java or SPI version; reinstalling the plugin may fix it)";
      }
      if (current.getCause() == current) {
        break;
      }
    }
    return "";
  }

  /** E.g. {@code the plugin in /opt/plugins/acme (type 'acme', version 1.2.0)}. */
  String plugin() {
    return "the plugin in " + location + " (type '" + type + "', version " + version + ")";
  }

  /** The classes of {@code thrown} and its causes: their messages may hold secrets. */
  static String classChain(Throwable thrown) {
    StringBuilder text = new StringBuilder();
    int depth = 0;
    for (Throwable current = thrown; current != null && depth < 5; current = current.getCause()) {
      if (depth++ > 0) {
        text.append(" caused by ");
      }
      text.append(current.getClass().getName());
      if (current.getCause() == current) {
        break;
      }
    }
    return text.toString();
  }
}
