package io.customauth.runner.tokenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.customauth.spi.TokenStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store itself against a real Redis: what it keeps there, its locks, wake-ups and faults. */
class RedisTokenStoreTest {
  private static final String SECRET = "fleet-secret-0123456789abcdef";
  private static final String TOKEN = "tok-eyJhbGciOiJIUzI1NiJ9-very-secret";
  private static final Map<String, Object> AUTH =
      Map.of(
          "type", "custom",
          "authenticationUrl", "https://acme-connector.example/oauth/token",
          "body", Map.of("client_secret", "${env:ACME_SECRET}"));

  private static RedisServer redis;
  private static RedisClient raw;
  private static StatefulRedisConnection<String, String> rawConnection;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
    raw = RedisClient.create(redis.url());
    rawConnection = raw.connect();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (rawConnection != null) {
      rawConnection.close();
      raw.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static RedisTokenStore store(String secret, RecordingLogger logger) {
    return new RedisTokenStore(StoreAddress.parse(redis.url()), secret, Clock.systemUTC(), logger);
  }

  private static TokenStore.Entry entry(String value) {
    return new TokenStore.Entry(value, Optional.of(Instant.now().plusSeconds(60)));
  }

  @Test
  void whatRedisHoldsRevealsNeitherTheTokenNorTheConnector() {
    try (RedisTokenStore store = store(SECRET, new RecordingLogger())) {
      store.forConnector("custom", AUTH).publish("token", entry(TOKEN));

      List<String> keys = rawConnection.sync().keys("import-runner:token:*");
      assertThat(keys).isNotEmpty();
      for (String key : keys) {
        assertThat(key).doesNotContain("acme", "custom", "oauth", "ACME_SECRET", "token:custom");
        String value = rawConnection.sync().get(key);
        byte[] decoded = Base64.getDecoder().decode(value);
        assertThat(value).doesNotContain(TOKEN, "very-secret");
        assertThat(new String(decoded, java.nio.charset.StandardCharsets.ISO_8859_1))
            .doesNotContain(TOKEN, "very-secret");
      }
      assertThat(store.forConnector("custom", AUTH).get("token").map(TokenStore.Entry::value))
          .contains(TOKEN);
    }
  }

  @Test
  void theSameConnectorIsTheSameKeyWhateverTheOrderOfItsBlock() {
    try (RedisTokenStore one = store(SECRET, new RecordingLogger());
        RedisTokenStore other = store(SECRET, new RecordingLogger())) {
      one.forConnector("custom", AUTH).publish("order", entry("v-order"));

      java.util.LinkedHashMap<String, Object> reordered = new java.util.LinkedHashMap<>();
      reordered.put("body", AUTH.get("body"));
      reordered.put("authenticationUrl", AUTH.get("authenticationUrl"));
      reordered.put("type", "custom");
      assertThat(other.forConnector("custom", reordered).get("order").map(TokenStore.Entry::value))
          .contains("v-order");
      assertThat(other.forConnector("custom", Map.of("type", "custom")).get("order")).isEmpty();
    }
  }

  @Test
  void anotherSecretReadsNothingAndAForgedValueIsIgnoredWithAWarning() {
    RecordingLogger logger = new RecordingLogger();
    try (RedisTokenStore owner = store(SECRET, new RecordingLogger());
        RedisTokenStore stranger = store("another-secret-0123456789", logger)) {
      TokenStore mine = owner.forConnector("custom", AUTH);
      TokenStore theirs = stranger.forConnector("custom", AUTH);
      mine.publish("forged", entry(TOKEN));
      assertThat(theirs.get("forged")).isEmpty(); // other key names: not even found

      // The stranger's own key, overwritten with a value sealed under the owner's secret.
      theirs.publish("forged", entry("stranger-value"));
      List<String> keys = rawConnection.sync().keys("import-runner:token:*");
      String ownerValue = null;
      String strangerKey = null;
      for (String key : keys) {
        String value = rawConnection.sync().get(key);
        if (mine.get("forged").isPresent() && isOwners(owner, key)) {
          ownerValue = value;
        }
      }
      for (String key : keys) {
        if (!rawConnection.sync().get(key).equals(ownerValue) && !isOwners(owner, key)) {
          strangerKey = key;
        }
      }
      assertThat(ownerValue).isNotNull();
      assertThat(strangerKey).isNotNull();
      rawConnection.sync().set(strangerKey, ownerValue);

      assertThat(theirs.get("forged")).isEmpty();
      assertThat(logger.warnings()).anySatisfy(line -> assertThat(line).contains("decrypted"));
    }
  }

  /** Whether {@code key} is one of the owner's: its value opens with the owner's secret. */
  private static boolean isOwners(RedisTokenStore owner, String key) {
    String value = rawConnection.sync().get(key);
    return value != null && new StoreCrypto(SECRET).open(key, value).isPresent() && owner != null;
  }

  @Test
  void aLockIsExclusiveAndOnlyItsOwnerReleasesIt() {
    try (RedisTokenStore one = store(SECRET, new RecordingLogger());
        RedisTokenStore two = store(SECRET, new RecordingLogger())) {
      TokenStore first = one.forConnector("custom", Map.of("lock", "test"));
      TokenStore second = two.forConnector("custom", Map.of("lock", "test"));

      Optional<TokenStore.Lock> held = first.tryLock("token", Duration.ofSeconds(10));
      assertThat(held).isPresent();
      assertThat(second.tryLock("token", Duration.ofSeconds(10))).isEmpty();
      assertThat(second.release(new TokenStore.Lock("token", "not-the-owner"))).isFalse();
      assertThat(second.tryLock("token", Duration.ofSeconds(10))).isEmpty();

      assertThat(first.release(held.get())).isTrue();
      assertThat(first.release(held.get())).isFalse();
      assertThat(second.tryLock("token", Duration.ofSeconds(10))).isPresent();
    }
  }

  @Test
  void aWaiterIsWokenByTheReleaseNotByItsTimeout() throws Exception {
    try (RedisTokenStore one = store(SECRET, new RecordingLogger());
        RedisTokenStore two = store(SECRET, new RecordingLogger())) {
      TokenStore holder = one.forConnector("custom", Map.of("wake", "test"));
      TokenStore waiter = two.forConnector("custom", Map.of("wake", "test"));
      TokenStore.Lock lock = holder.tryLock("token", Duration.ofSeconds(30)).orElseThrow();

      long started = System.nanoTime();
      CompletableFuture<Boolean> woken =
          CompletableFuture.supplyAsync(() -> waiter.awaitRelease("token", Duration.ofSeconds(20)));
      // Published only once the waiter listens: what it must be woken by, not find at once.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  rawConnection
                          .sync()
                          .pubsubNumsub(RedisTokenStore.CHANNEL)
                          .getOrDefault(RedisTokenStore.CHANNEL, 0L)
                      >= 1);
      holder.publish("token", entry("published"));
      holder.release(lock);

      assertThat(woken.get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      assertThat(waiter.get("token").map(TokenStore.Entry::value)).contains("published");
    }
  }

  @Test
  void aWaiterWakesWhenTheLeaseEndsIfNobodyReleases() {
    try (RedisTokenStore one = store(SECRET, new RecordingLogger())) {
      TokenStore store = one.forConnector("custom", Map.of("lease", "test"));
      store.tryLock("token", Duration.ofMillis(800)).orElseThrow();

      long started = System.nanoTime();
      assertThat(store.awaitRelease("token", Duration.ofSeconds(20))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isLessThan(Duration.ofMillis(2_000));
      assertThat(store.tryLock("token", Duration.ofSeconds(1))).isPresent();
    }
  }

  @Test
  void aRejectedValueIsDeletedOnlyWhileItIsStillStored() {
    try (RedisTokenStore one = store(SECRET, new RecordingLogger())) {
      TokenStore store = one.forConnector("custom", Map.of("reject", "test"));
      store.publish("token", entry("old"));
      store.publish("token", entry("new"));

      assertThat(store.deleteIfValue("token", "old")).isFalse();
      assertThat(store.get("token").map(TokenStore.Entry::value)).contains("new");
      assertThat(store.deleteIfValue("token", "new")).isTrue();
      assertThat(store.get("token")).isEmpty();
    }
  }

  @Test
  void aRefusedPasswordIsReportedAsSuchNotAsAnOutage() {
    addUserWithPassword("fleet", "right-password");
    String url = redis.url().replace("redis://", "redis://fleet:wrong-password@");
    RecordingLogger logger = new RecordingLogger();
    try (RedisTokenStore store =
        new RedisTokenStore(StoreAddress.parse(url), SECRET, Clock.systemUTC(), logger)) {
      assertThatThrownBy(() -> store.forConnector("custom", AUTH).get("token"))
          .isInstanceOf(TokenStore.UnavailableException.class);
    }
    assertOneWarningOfARefusedPassword(logger);
  }

  @Test
  void aConnectionLostDuringTheHandshakeIsTriedOnceMoreSoARefusedPasswordIsStillNamed()
      throws Exception {
    addUserWithPassword("relayed", "right-password");
    RecordingLogger logger = new RecordingLogger();
    failsThroughTwoConnections(1, "relayed:wrong-password", logger);
    assertOneWarningOfARefusedPassword(logger);
  }

  @Test
  void aConnectionLostDuringTheHandshakeTwiceIsAnOutageAfterTwoAttempts() throws Exception {
    RecordingLogger logger = new RecordingLogger();
    failsThroughTwoConnections(Integer.MAX_VALUE, "fleet:pa55word", logger);
    assertThat(logger.warnings())
        .singleElement()
        .satisfies(line -> assertThat(line).contains("does not answer").doesNotContain("pa55word"));
  }

  /**
   * A store reached through a relay that drops the handshake of the first {@code dropped}
   * connections: its first call fails, and it connected exactly twice.
   */
  private static void failsThroughTwoConnections(
      int dropped, String userInfo, RecordingLogger logger) throws Exception {
    try (HandshakeClosingRelay relay = new HandshakeClosingRelay(redis.port(), dropped);
        RedisTokenStore store =
            new RedisTokenStore(
                StoreAddress.parse(relay.url(userInfo)), SECRET, Clock.systemUTC(), logger)) {
      assertThatThrownBy(() -> store.forConnector("custom", AUTH).get("token"))
          .isInstanceOf(TokenStore.UnavailableException.class);
      assertThat(relay.accepted()).isEqualTo(2);
    }
  }

  /** A Redis ACL user that may do everything, with one password. */
  private static void addUserWithPassword(String user, String password) {
    rawConnection
        .sync()
        .aclSetuser(
            user,
            io.lettuce.core.AclSetuserArgs.Builder.on()
                .addPassword(password)
                .allKeys()
                .allChannels()
                .allCommands());
  }

  /** The store said once that the password was refused, without the password or an outage. */
  private static void assertOneWarningOfARefusedPassword(RecordingLogger logger) {
    assertThat(logger.warnings())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("refused the user name or password")
                    .doesNotContain("wrong-password", "does not answer"));
  }

  @Test
  void theUrlsPasswordIsNeverShown() {
    StoreAddress address = StoreAddress.parse("redis://app:pa55word@redis.internal:6380/2");
    assertThat(address.redacted()).isEqualTo("redis://app:***@redis.internal:6380/2");
    assertThat(address.toString()).doesNotContain("pa55word");
    assertThat(new StoreSettings(address, SECRET).toString()).doesNotContain("pa55word", SECRET);
    assertThat(StoreAddress.parse("redis://:pa55word@h:1").redacted())
        .isEqualTo("redis://:***@h:1");
    assertThatThrownBy(() -> StoreAddress.parse("http://pa55word@h:1"))
        .hasMessageNotContaining("pa55word");
  }
}
