package io.customauth.runner.tokenstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customauth.runner.ChildJvm;
import io.customauth.runner.connector.ConnectorLoader;
import io.customauth.runner.demo.Demo;
import io.customauth.runner.plugin.HostAuthContext;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.plugin.PluginJars;
import io.customauth.runner.plugin.SharedPlugins;
import io.customauth.spi.Connector;
import io.customauth.spi.Credential;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PRODUCT.md section 8 with the real custom plugin, several runners (each its own host context and
 * Redis client) in this JVM and in child processes, the demo provider counting token requests, and
 * a real redis-server that the tests kill, pause and start again.
 */
class SharedTokensTest {
  private static final String SECRET = "fleet-secret-0123456789abcdef";

  @TempDir Path dir;
  private RedisServer redis;
  private Demo demo;
  private PluginCatalog catalog;
  private final List<Runner> runners = new ArrayList<>();

  /** One runner: its own context, store client and stderr. */
  private final class Runner implements AutoCloseable {
    final StringWriter err = new StringWriter();
    final HostAuthContext context;
    final List<Connector> connectors = new ArrayList<>();

    Runner(String url) {
      context =
          SharedPlugins.testHome(Map.of(), dir)
              .authContext(
                  new PrintWriter(err, true),
                  Optional.of(new StoreSettings(StoreAddress.parse(url), SECRET)));
    }

    Connector connector() {
      Connector connector =
          ConnectorLoader.perConnector(
                  catalog, d -> context.forConnector(d.file().getParent(), d.type(), d.auth()))
              .open(demo.connectorFile());
      connectors.add(connector);
      return connector;
    }

    List<String> warnings() {
      return err.toString().lines().filter(line -> line.contains("WARNING")).toList();
    }

    @Override
    public void close() {
      connectors.forEach(Connector::close);
      context.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    // Tokens live 3 s and are refreshed 1 s before expiry.
    demo =
        Demo.start(
            dir.resolve("demo"),
            new Demo.Settings(10, Duration.ofSeconds(3), 1, Duration.ZERO, 10, 1));
    catalog = SharedPlugins.realPlugins();
  }

  @AfterEach
  void stop() throws Exception {
    runners.forEach(Runner::close);
    if (catalog != null) {
      catalog.close();
    }
    if (demo != null) {
      demo.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private Runner runner() {
    Runner runner = new Runner(redis.url());
    runners.add(runner);
    return runner;
  }

  private long issued() {
    return demo.provider().tokensIssued();
  }

  @Test
  void manyCachesShareOneTokenRequestPerRefresh() throws Exception {
    List<Connector> connectors = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Runner runner = runner();
      connectors.add(runner.connector());
      connectors.add(runner.connector());
    }
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<Void>> first = new ArrayList<>();
    for (Connector connector : connectors) {
      first.add(CompletableFuture.runAsync(() -> seen.add(connector.auth().credential().token())));
    }
    CompletableFuture.allOf(first.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(issued()).as("one token for 8 caches").isEqualTo(1);

    // Refreshes ahead of expiry (every 2 s) while every cache serves requests, until the caches
    // have seen at least 3 tokens and every token the provider issued: each of at least 2
    // refreshes was shared, none fetched twice.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              for (Connector connector : connectors) {
                seen.add(connector.auth().credential().token());
              }
              return seen.size() >= 3 && seen.size() == issued();
            });
    assertThat(seen).as("the first token and its refreshes").hasSizeGreaterThanOrEqualTo(3);
    runners.forEach(runner -> assertThat(runner.warnings()).isEmpty());
  }

  @Test
  void aRunnerStartedWhileAValidTokenIsStoredRequestsNone() {
    Credential first = runner().connector().auth().credential();

    Credential later = runner().connector().auth().credential();

    assertThat(later.token()).isEqualTo(first.token());
    assertThat(issued()).isEqualTo(1);
  }

  @Test
  void aRejectedTokenIsDroppedForEveryRunner() {
    Connector one = runner().connector();
    Connector two = runner().connector();
    Credential shared = one.auth().credential();
    assertThat(two.auth().credential().token()).isEqualTo(shared.token());

    one.auth().rejected(shared);
    Credential renewed = one.auth().credential();

    assertThat(renewed.token()).isNotEqualTo(shared.token());
    assertThat(issued()).isEqualTo(2);
    two.auth().rejected(shared); // its own 401 on the old token: it takes the new one
    assertThat(two.auth().credential().token()).isEqualTo(renewed.token());
    assertThat(runner().connector().auth().credential().token()).isEqualTo(renewed.token());
    assertThat(issued()).isEqualTo(2);
  }

  @Test
  void whileRedisIsDownEachRunnerGoesOnAloneWarnsOnceAndSharesAgainWhenItIsBack() throws Exception {
    Runner a = runner();
    Runner b = runner();
    Connector one = a.connector();
    Connector two = b.connector();
    one.auth().credential();
    two.auth().credential();
    assertThat(issued()).isEqualTo(1);

    redis.kill();
    // Past one token life both refresh alone: one token each on top of the shared one.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              assertThat(one.auth().credential()).isNotNull();
              assertThat(two.auth().credential()).isNotNull();
              return issued() >= 3;
            });
    long alone = issued();
    assertThat(a.warnings()).hasSize(1);
    assertThat(a.warnings().get(0)).contains("does not answer", "127.0.0.1");

    redis.startAgain();
    // Once the store answers, a refresh is shared again: a runner started now takes the token
    // the others published instead of requesting its own.
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              one.auth().credential();
              two.auth().credential();
              return a.err.toString().contains("answers again")
                  && b.err.toString().contains("answers again");
            });
    long answered = issued();
    await() // one more refresh, through the store
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              one.auth().credential();
              two.auth().credential();
              return issued() > answered;
            });
    one.auth().credential();
    long before = issued();
    Credential joined = runner().connector().auth().credential();
    assertThat(issued()).isEqualTo(before);
    assertThat(joined).isNotNull();
    assertThat(a.warnings()).hasSize(1);
  }

  @Test
  void aRedisThatDoesNotAnswerCostsAtMostTheCommandTimeout() throws Exception {
    Connector one = runner().connector();
    redis.pause();
    try {
      long started = System.nanoTime();
      Credential credential = one.auth().credential();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(credential).isNotNull();
      assertThat(took).isLessThan(RedisTokenStore.COMMAND_TIMEOUT.multipliedBy(2).plusSeconds(2));
      assertThat(issued()).isEqualTo(1);
    } finally {
      redis.resume();
    }
  }

  @Test
  void aStoreDownAtStartIsUsedOnceItAnswers() throws Exception {
    redis.kill();
    Runner a = runner();
    Connector one = a.connector();
    assertThat(one.auth().credential()).isNotNull();
    assertThat(a.warnings()).hasSize(1);

    redis.startAgain();
    // Once the store answers again, a token one runner publishes is the next runner's too.
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Credential published = runner().connector().auth().credential(); // publishes
              long before = issued();
              return runner().connector().auth().credential().token().equals(published.token())
                  && issued() == before;
            });
  }

  @Test
  void aLockHolderKilledWithSigkillStallsOthersNoLongerThanItsLease() throws Exception {
    // The holder's lease (the plugin's own is tens of seconds): what the others wait out at most.
    // One second, not more, so that the test does not spend seconds waiting it out.
    long leaseMillis = 1_000;
    Process holder =
        new ProcessBuilder(
                ChildJvm.command(
                    LockHolderMain.class,
                    PluginJars.REAL_PLUGINS.toString(),
                    demo.connectorFile().toString(),
                    redis.url(),
                    SECRET,
                    String.valueOf(leaseMillis)))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
      String line = out.readLine();
      assertThat(line).isEqualTo("locked");
      long locked = System.nanoTime();
      holder.destroyForcibly(); // SIGKILL: it never releases
      assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();

      Credential credential = runner().connector().auth().credential();
      Duration took = Duration.ofNanos(System.nanoTime() - locked);

      assertThat(credential).isNotNull();
      assertThat(took).isLessThan(Duration.ofMillis(leaseMillis + 2_000));
      assertThat(issued()).isEqualTo(1);
    } finally {
      holder.destroyForcibly();
    }
  }
}
