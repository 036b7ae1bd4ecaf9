package io.customauth.spi.testkit;

import static java.util.Objects.requireNonNull;

import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.Credential;
import io.customauth.spi.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link AuthContext} a test controls, standing in for the host's:
 *
 * <ul>
 *   <li>{@link #clock()} is a {@link MutableClock} that starts at {@link #START} and moves only
 *       with {@link #advance(Duration)};
 *   <li>{@link #scheduler()} is a {@link ManualScheduler} on that clock: a task runs when {@link
 *       #advance} passes its due time, on the test's thread;
 *   <li>{@link #secrets()} resolves {@code ${env:NAME}} from {@link #env(String, String)} (never
 *       from the real environment) and {@code ${file:PATH}} from files, a relative path starting at
 *       {@link #directory()}, one trailing line break dropped, as the host does;
 *   <li>{@link #resolvePath} resolves against {@link #directory()}, as the host resolves against
 *       the connector file's directory;
 *   <li>{@link #logger()} keeps every line at every level ({@link #logged()}), and {@link
 *       #credentialRefreshed} every credential reported ({@link #refreshed()}).
 * </ul>
 *
 * Thread-safe.
 */
public final class TestAuthContext implements AuthContext {
  /** Where {@link #clock()} starts: a fixed instant, so tests do not depend on today. */
  public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");

  private final Path directory;
  private final MutableClock clock = new MutableClock(START);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final Map<String, String> env = new ConcurrentHashMap<>();
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final List<Credential> refreshed = new CopyOnWriteArrayList<>();
  private final List<String> resolvedFields = new CopyOnWriteArrayList<>();

  /**
   * @param directory stands for the connector file's directory: where relative {@code ${file:…}}
   *     references and {@link #resolvePath} paths start; usually a JUnit {@code @TempDir}
   */
  public TestAuthContext(Path directory) {
    this.directory = requireNonNull(directory, "directory").toAbsolutePath().normalize();
  }

  /** Sets what {@code ${env:name}} resolves to; returns this context. */
  public TestAuthContext env(String name, String value) {
    env.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
    return this;
  }

  /** Removes {@code name}, so that {@code ${env:name}} no longer resolves. */
  public TestAuthContext unsetEnv(String name) {
    env.remove(name);
    return this;
  }

  /** Writes {@code content} to {@code name} under {@link #directory()}; returns its path. */
  public Path file(String name, String content) {
    Path file = directory.resolve(name);
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Moves the clock forward, running every scheduler task that falls due on the way. */
  public void advance(Duration amount) {
    scheduler.advance(amount);
  }

  /**
   * Runs the scheduler tasks due now (those {@code execute}d included) without moving the clock.
   */
  public void runDueTasks() {
    scheduler.runDueTasks();
  }

  public Path directory() {
    return directory;
  }

  @Override
  public MutableClock clock() {
    return clock;
  }

  /** The {@link ManualScheduler}, typed as the SPI promises. */
  @Override
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** The scheduler as what it is, to count pending tasks or check nobody shut it down. */
  public ManualScheduler manualScheduler() {
    return scheduler;
  }

  @Override
  public SecretResolver secrets() {
    return (field, value) -> {
      resolvedFields.add(field);
      Matcher reference = REFERENCE.matcher(value);
      StringBuilder out = new StringBuilder();
      while (reference.find()) {
        String resolved =
            reference.group(1).equals("env")
                ? fromEnv(field, reference.group(2))
                : fromFile(field, reference.group(2));
        reference.appendReplacement(out, Matcher.quoteReplacement(resolved));
      }
      reference.appendTail(out);
      return out.toString();
    };
  }

  private String fromEnv(String field, String name) {
    String value = env.get(name);
    if (value == null) {
      throw invalid(field, "${env:" + name + "} is not set");
    }
    return value;
  }

  private String fromFile(String field, String path) {
    try {
      String text = Files.readString(directory.resolve(path), StandardCharsets.UTF_8);
      return text.endsWith("\r\n")
          ? text.substring(0, text.length() - 2)
          : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException | InvalidPathException e) {
      throw invalid(field, "${file:" + path + "} cannot be read");
    }
  }

  private static AuthException invalid(String field, String message) {
    return AuthException.invalidConfig(List.of(new ConfigViolation(field, message)));
  }

  @Override
  public Path resolvePath(String field, String path) {
    try {
      return directory.resolve(path).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw invalid(field, "is not a valid file path");
    }
  }

  @Override
  public System.Logger logger() {
    return new System.Logger() {
      @Override
      public String getName() {
        return "test";
      }

      @Override
      public boolean isLoggable(Level level) {
        return true;
      }

      @Override
      public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        logged.add(
            level
                + " "
                + message
                + (thrown == null ? "" : " " + thrown.getClass().getName() + ": " + thrown));
      }

      @Override
      public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        logged.add(
            level
                + " "
                + (params == null || params.length == 0
                    ? format
                    : MessageFormat.format(format, params)));
      }
    };
  }

  @Override
  public void credentialRefreshed(Credential credential) {
    refreshed.add(requireNonNull(credential, "credential"));
  }

  /** Every line logged so far, formatted, at every level. */
  public List<String> logged() {
    return List.copyOf(logged);
  }

  /** Every credential reported through {@link #credentialRefreshed}, in order. */
  public List<Credential> refreshed() {
    return List.copyOf(refreshed);
  }

  /** The config paths the strategy asked {@link #secrets()} to resolve, in order. */
  public List<String> resolvedFields() {
    return List.copyOf(resolvedFields);
  }

  /** The clock only: never the configured secrets. */
  @Override
  public String toString() {
    return "TestAuthContext[" + clock.instant() + ", " + directory + "]";
  }
}
