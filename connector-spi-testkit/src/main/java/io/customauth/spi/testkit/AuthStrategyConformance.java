package io.customauth.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.customauth.spi.AuthException;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.AuthStrategyFactory;
import io.customauth.spi.ConfigDescription;
import io.customauth.spi.ConfigField;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.Credential;
import io.customauth.spi.Rejection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link AuthStrategy} must do, as JUnit 5 tests a plugin author inherits:
 *
 * <pre>{@code
 * class MyStrategyConformanceTest extends AuthStrategyConformance {
 *   protected AuthStrategyFactory factory() { return new MyFactory(); }
 *   protected Map<String, Object> config() { return Map.of("type", "my", "key", "${env:MY_KEY}"); }
 *   protected void configure(TestAuthContext context) { context.env("MY_KEY", "s3cr3t-value"); }
 *   protected Set<String> secrets() { return Set.of("s3cr3t-value"); }
 * }
 * }</pre>
 *
 * <p>The suite checks: the config is valid and a described plugin's required fields are in it;
 * {@code apply} sets header values of visible ASCII and no reserved header; many threads
 * authenticating at once all succeed and share one credential; a rejection of an old credential
 * does not drop the current one; {@code close()} is idempotent and never throws; {@code
 * credential()} after {@code close()} fails with a clear message; no secret (those of {@link
 * #secrets()} and every token obtained) is in a {@code toString}, a log line, a violation or an
 * exception message.
 *
 * <p>Each strategy is made with {@link #newStrategy()} inside the test, after the subclass's own
 * {@code @BeforeEach} methods ran, so a loopback provider the subclass starts there is up. The
 * clock stands still unless a test moves it: the credential first obtained stays valid throughout.
 */
public abstract class AuthStrategyConformance {
  /** Stands for the connector file's directory of {@link #context}. */
  @TempDir protected Path directory;

  /** The context of this test's strategies: set up by {@link #configure}. */
  protected TestAuthContext context;

  private final List<AuthStrategy> strategies = new CopyOnWriteArrayList<>();

  /** The factory under test, as the host would get it from the {@code ServiceLoader}. */
  protected abstract AuthStrategyFactory factory();

  /**
   * A valid auth block for {@link #factory()}, {@code type} included, as the host hands it over
   * (values {@code String}, {@code Number}, {@code Boolean}, {@code List}, {@code Map}). Called
   * inside each test, after the subclass's {@code @BeforeEach} methods and {@link #configure}.
   */
  protected abstract Map<String, Object> config();

  /**
   * Values that must never be shown: the secrets {@link #config()} holds or references resolve to.
   * Every token obtained during a test is added to them.
   */
  protected abstract Set<String> secrets();

  /** Sets up the context before each test, e.g. {@code context.env("API_KEY", "…")}. */
  protected void configure(TestAuthContext context) {}

  /**
   * Auth blocks that are invalid, to check that their violations and the exceptions of {@code
   * create} show no secret. Empty by default.
   */
  protected List<Map<String, Object>> invalidConfigs() {
    return List.of();
  }

  /** A new request to authenticate; by default {@link RecordingRequest#upload()}. */
  protected RecordingRequest newRequest() {
    return RecordingRequest.upload();
  }

  /** How many threads {@link #manyThreadsAuthenticateAtOnceAndShareOneCredential} uses. */
  protected int threads() {
    return 16;
  }

  /** A strategy made from {@link #config()} in {@link #context}, closed after the test. */
  protected final AuthStrategy newStrategy() {
    AuthStrategy strategy = factory().create(config(), context);
    assertThat(strategy).as("create() returned null").isNotNull();
    strategies.add(strategy);
    return strategy;
  }

  @BeforeEach
  final void newContext() {
    context = new TestAuthContext(directory);
    configure(context);
  }

  @AfterEach
  final void closeStrategies() {
    strategies.forEach(AuthStrategy::close);
    assertThat(context.manualScheduler().wasShutDown())
        .as("a strategy shut down the host's scheduler, which every connector shares")
        .isFalse();
  }

  @Test
  void theConfigIsValidAndHasEveryRequiredField() {
    assertThat(factory().validate(config())).as("violations of config()").isEmpty();
    Optional<ConfigDescription> description = factory().describeConfig();
    assertThat(factory().describeConfig()).as("describeConfig() is stable").isEqualTo(description);
    description.ifPresent(
        described -> {
          for (ConfigField field : described.fields()) {
            if (field.required()) {
              assertThat(config())
                  .as("config() has required field " + field.name())
                  .containsKey(field.name());
            }
          }
        });
  }

  @Test
  void theStrategyHasTheFactorysType() {
    assertThat(newStrategy().type()).isEqualTo(factory().type());
  }

  @Test
  void applySetsHeaderValuesOfVisibleAsciiAndNoReservedHeader() {
    AuthStrategy strategy = newStrategy();
    RecordingRequest request = newRequest();

    Credential credential = strategy.authenticate(request);

    assertThat(credential).as("authenticate() returned null").isNotNull();
    assertThat(credential.token())
        .as("a token is visible ASCII only, else HTTP clients rewrite it")
        .matches("[\\x21-\\x7e]+");
    assertThat(request.headersSet().isEmpty() && request.queryParametersAdded().isEmpty())
        .as("apply() put the credential nowhere")
        .isFalse();
    request
        .headersSet()
        .forEach(
            (name, values) ->
                assertThat(values)
                    .as("values of header " + name)
                    .allSatisfy(
                        value ->
                            assertThat(value)
                                .as("header " + name + " holds visible ASCII and inner spaces only")
                                .matches("[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?")));
    assertThat(request.reservedHeadersTried())
        .as("reserved headers, which the host sets itself and drops")
        .isEmpty();
  }

  @Test
  void manyThreadsAuthenticateAtOnceAndShareOneCredential() throws Exception {
    AuthStrategy strategy = newStrategy();
    int threads = threads();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Set<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  Set<String> tokens = new HashSet<>();
                  for (int i = 0; i < 20; i++) {
                    tokens.add(strategy.authenticate(newRequest()).token());
                  }
                  return tokens;
                }));
      }
      start.countDown();
      Set<String> tokens = new HashSet<>();
      for (Future<Set<String>> result : results) {
        tokens.addAll(result.get(60, TimeUnit.SECONDS));
      }
      assertThat(tokens)
          .as("callers at the same moment share one credential while it is valid")
          .hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRejectionOfAnOldCredentialDoesNotDropTheCurrentOne() {
    AuthStrategy strategy = newStrategy();
    Credential old = strategy.credential();
    strategy.rejected(old, Rejection.of(401));
    Credential current = strategy.credential();

    strategy.rejected(old, new Rejection(401, List.of("Bearer error=\"invalid_token\""), 2));
    strategy.rejected(old);

    assertThat(strategy.credential().token())
        .as("the credential after stale rejections")
        .isEqualTo(current.token());
  }

  @Test
  void closeIsIdempotentAndNeverThrows() {
    AuthStrategy strategy = newStrategy();
    strategy.credential();

    assertThatCode(
            () -> {
              strategy.close();
              strategy.close();
            })
        .doesNotThrowAnyException();
  }

  @Test
  void aCredentialAfterCloseFailsClearly() {
    AuthStrategy strategy = newStrategy();
    Credential before = strategy.credential();
    strategy.close();

    Throwable failure = catchThrowable(strategy::credential);

    assertThat(failure)
        .as("credential() after close() must throw, not serve a credential")
        .isInstanceOfAny(AuthException.class, IllegalStateException.class);
    assertThat(failure.getMessage()).as("its message").isNotBlank();
    assertNothingSecretIn(List.of(describe(failure)), Set.of(before.token()));
  }

  @Test
  void nothingSecretIsShown() {
    AuthStrategy strategy = newStrategy();
    RecordingRequest request = newRequest();
    Credential credential = strategy.authenticate(request);
    strategy.rejected(credential, Rejection.of(401));
    Credential next = strategy.credential();

    List<String> shown = new ArrayList<>();
    shown.add(String.valueOf(strategy));
    shown.add(String.valueOf(credential));
    shown.add(String.valueOf(next));
    shown.add(String.valueOf(factory()));
    shown.add(String.valueOf(request));
    for (Map<String, Object> invalid : invalidConfigs()) {
      List<ConfigViolation> violations = factory().validate(invalid);
      assertThat(violations).as("violations of invalid config " + invalid.keySet()).isNotEmpty();
      violations.forEach(violation -> shown.add(violation.toString()));
      Throwable failure = catchThrowable(() -> factory().create(invalid, context).close());
      if (failure != null) {
        shown.add(describe(failure));
      }
    }
    strategy.close();
    Throwable afterClose = catchThrowable(strategy::credential);
    if (afterClose != null) {
      shown.add(describe(afterClose));
    }
    shown.addAll(context.logged());

    assertNothingSecretIn(shown, new HashSet<>(List.of(credential.token(), next.token())));
  }

  private void assertNothingSecretIn(List<String> shown, Set<String> tokens) {
    Set<String> secrets = new HashSet<>(secrets());
    secrets.addAll(tokens);
    for (String secret : secrets) {
      assertThat(shown)
          .as("what a host could print (toString, logs, messages)")
          .noneSatisfy(text -> assertThat(text).contains(secret));
    }
  }

  /** Everything a host could print of an exception: messages, toString, causes, suppressed. */
  protected static String describe(Throwable failure) {
    StringWriter out = new StringWriter();
    failure.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
