package io.customauth.runner.tokenstore;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.customauth.spi.TokenStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The runner's {@link TokenStore}s, on Redis through Lettuce: one client per process, lent to each
 * connector as {@link #forConnector}.
 *
 * <p><b>Redis keys.</b> {@code import-runner:token:<h>} holds an entry and {@code
 * import-runner:lock:<h>} its lock, where {@code h} is the HMAC-SHA256 (key from the secret, see
 * {@link StoreCrypto}) of the plugin type, the auth block as written in canonical JSON (keys
 * sorted, no spaces, references such as {@code ${env:…}} unresolved) and the strategy's key: the
 * same for every runner with the same connector and secret, and meaningless without the secret.
 * Entries carry a {@code PX} TTL to their expiry. A lock is {@code SET NX PX lease} with a random
 * owner; it is released, and a rejected token dropped, by Lua scripts that compare before they
 * delete. Every publication and release is announced on the pub/sub channel {@link #CHANNEL} with
 * {@code h} as message, which wakes the waiters of {@link TokenStore#awaitRelease} in every runner;
 * a waiter also wakes when the lock's TTL runs out, so a lost message or a dead holder costs at
 * most the lease.
 *
 * <p><b>Faults.</b> Each command times out after {@link #COMMAND_TIMEOUT}; while disconnected,
 * commands are rejected at once (not queued to be replayed later), and Lettuce reconnects in the
 * background. A store that was not there at start is connected to on a later call. Every failure is
 * a {@link TokenStore.UnavailableException}; for {@link #QUIET_AFTER_FAILURE} after one, calls fail
 * at once without waiting on Redis again. The first failure of an outage is logged as one warning,
 * and the return of the store as one line; the URL's password never appears.
 *
 * <p>Thread-safe.
 */
public final class RedisTokenStore implements AutoCloseable {
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
  static final Duration QUIET_AFTER_FAILURE = Duration.ofSeconds(1);
  static final String CHANNEL = "import-runner:token-store";
  private static final String ENTRY_PREFIX = "import-runner:token:";
  private static final String LOCK_PREFIX = "import-runner:lock:";

  /** KEYS[1] the lock, ARGV[1] its owner, ARGV[2] the channel, ARGV[3] the message. */
  private static final String RELEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]);"
          + " redis.call('publish', ARGV[2], ARGV[3]); return 1 else return 0 end";

  /** KEYS[1] the entry, ARGV[1] the sealed value read before. */
  private static final String DELETE_IF_VALUE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1])"
          + " else return 0 end";

  /**
   * Netty skips SLF4J when it is bound to NOP, as here, and logs to java.util.logging instead,
   * which prints to stderr: its and Lettuce's connection chatter would reach the user. Held
   * strongly, since java.util.logging forgets the level of a logger nobody references.
   */
  private static final List<java.util.logging.Logger> QUIET_LIBRARIES =
      Stream.of("io.lettuce", "io.netty", "reactor")
          .map(java.util.logging.Logger::getLogger)
          .peek(library -> library.setLevel(java.util.logging.Level.OFF))
          .toList();

  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final StoreAddress address;
  private final StoreCrypto crypto;
  private final Clock clock;
  private final System.Logger logger;
  private final ClientResources resources;
  private final RedisClient client;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, CompletableFuture<Void>> waiters =
      new ConcurrentHashMap<>();

  private final Object connecting = new Object();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile StatefulRedisPubSubConnection<String, String> pubSub;

  /** Until when calls fail without asking Redis, in epoch ms; 0 while healthy. */
  private volatile long quietUntilMillis;

  /** Whether the last call failed, so that an outage is reported once and its end once. */
  private volatile boolean down;

  private volatile boolean closed;

  /**
   * Connects nothing yet: the first call does, so a store down at start costs no time then.
   *
   * @param secret {@code IMPORT_RUNNER_TOKEN_STORE_SECRET}
   * @throws IllegalArgumentException when the secret is too short
   */
  public RedisTokenStore(StoreAddress address, String secret, Clock clock, System.Logger logger) {
    this.address = requireNonNull(address, "address");
    this.crypto = new StoreCrypto(requireNonNull(secret, "secret"));
    this.clock = requireNonNull(clock, "clock");
    this.logger = requireNonNull(logger, "logger");
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(1)
            .computationThreadPoolSize(1)
            // Back within a second or two of Redis returning, not Lettuce's default 30 s.
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    RedisURI uri = RedisURI.create(address.url());
    uri.setTimeout(COMMAND_TIMEOUT);
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            // Queued commands would be replayed after a reconnect: a lock taken, a token
            // published, long after the caller gave up. Fail them instead; the caller goes alone.
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
            .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
            .build());
  }

  /**
   * The store of one connector.
   *
   * @param type the plugin type of its auth block
   * @param auth its auth block as written (references unresolved)
   */
  public TokenStore forConnector(String type, Map<String, Object> auth) {
    String namespace;
    try {
      namespace = type + "\n" + CANONICAL.writeValueAsString(new TreeMap<>(auth));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the auth block cannot be written as JSON", e);
    }
    return new ConnectorStore(namespace);
  }

  /** Redacts the URL's password. */
  @Override
  public String toString() {
    return "RedisTokenStore[" + address.redacted() + "]";
  }

  @Override
  public void close() {
    closed = true;
    synchronized (connecting) {
      if (pubSub != null) {
        pubSub.closeAsync();
      }
      if (connection != null) {
        connection.closeAsync();
      }
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  private final class ConnectorStore implements TokenStore {
    private final String namespace;

    ConnectorStore(String namespace) {
      this.namespace = namespace;
    }

    private String hash(String key) {
      return crypto.name(namespace + "\n" + requireNonNull(key, "key"));
    }

    @Override
    public Optional<Entry> get(String key) {
      String name = ENTRY_PREFIX + hash(key);
      return call(redis -> read(name, redis.get(name)).map(opened -> entry(opened)));
    }

    @Override
    public void publish(String key, Entry entry) {
      requireNonNull(entry, "entry");
      String hash = hash(key);
      String name = ENTRY_PREFIX + hash;
      long expires = entry.expiresAt().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
      String sealed = crypto.seal(name, entry.value(), expires);
      call(
          redis -> {
            if (expires == Long.MIN_VALUE) {
              redis.set(name, sealed);
            } else {
              long ttl = expires - clock.millis();
              if (ttl <= 0) {
                return null; // already expired: nothing worth sharing
              }
              redis.set(name, sealed, SetArgs.Builder.px(ttl));
            }
            redis.publish(CHANNEL, hash);
            return null;
          });
    }

    @Override
    public boolean deleteIfValue(String key, String value) {
      requireNonNull(value, "value");
      String name = ENTRY_PREFIX + hash(key);
      return call(
          redis -> {
            String sealed = redis.get(name);
            Optional<StoreCrypto.Opened> opened = read(name, sealed);
            if (opened.isEmpty() || !opened.get().value().equals(value)) {
              return false;
            }
            // Compares the sealed bytes read above: a value published since is kept.
            Long deleted =
                redis.eval(DELETE_IF_VALUE, ScriptOutputType.INTEGER, new String[] {name}, sealed);
            return deleted != null && deleted == 1L;
          });
    }

    @Override
    public Optional<Lock> tryLock(String key, Duration lease) {
      long leaseMillis = Math.max(1, requireNonNull(lease, "lease").toMillis());
      String name = LOCK_PREFIX + hash(key);
      byte[] raw = new byte[16];
      random.nextBytes(raw);
      String owner = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      return call(
          redis ->
              "OK".equals(redis.set(name, owner, SetArgs.Builder.nx().px(leaseMillis)))
                  ? Optional.of(new Lock(key, owner))
                  : Optional.empty());
    }

    @Override
    public boolean release(Lock lock) {
      String hash = hash(lock.key());
      Long released =
          call(
              redis ->
                  redis.eval(
                      RELEASE,
                      ScriptOutputType.INTEGER,
                      new String[] {LOCK_PREFIX + hash},
                      lock.owner(),
                      CHANNEL,
                      hash));
      return released != null && released == 1L;
    }

    @Override
    public boolean awaitRelease(String key, Duration timeout) {
      String hash = hash(key);
      long timeoutMillis = Math.max(0, timeout.toMillis());
      // Registered before the lock is looked at, so a release in between is not missed.
      CompletableFuture<Void> woken = waiters.computeIfAbsent(hash, h -> new CompletableFuture<>());
      subscribe();
      Long remaining = call(redis -> redis.pttl(LOCK_PREFIX + hash));
      if (remaining == null || remaining < 0) {
        return true; // no lock (-2), or one without TTL (-1), which only a bug could make
      }
      long waitMillis = Math.min(timeoutMillis, remaining + 5);
      try {
        woken.get(waitMillis, TimeUnit.MILLISECONDS);
        return true;
      } catch (TimeoutException e) {
        return waitMillis < timeoutMillis; // the lease ran out before the timeout
      } catch (ExecutionException e) {
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnavailableException("interrupted while waiting for the token store", e);
      }
    }

    private Entry entry(StoreCrypto.Opened opened) {
      return new Entry(
          opened.value(),
          opened.expiresAtMillis() == Long.MIN_VALUE
              ? Optional.empty()
              : Optional.of(Instant.ofEpochMilli(opened.expiresAtMillis())));
    }

    @Override
    public String toString() {
      return "TokenStore[" + address.redacted() + "]";
    }
  }

  /** Opens a sealed value; one that does not open is absent, with a warning. */
  private Optional<StoreCrypto.Opened> read(String name, String sealed) {
    if (sealed == null) {
      return Optional.empty();
    }
    Optional<StoreCrypto.Opened> opened = crypto.open(name, sealed);
    if (opened.isEmpty()) {
      logger.log(
          Level.WARNING,
          "a token in the token store "
              + address.redacted()
              + " cannot be decrypted (written with another IMPORT_RUNNER_TOKEN_STORE_SECRET, or"
              + " damaged); ignoring it");
      return Optional.empty();
    }
    long expires = opened.get().expiresAtMillis();
    return expires != Long.MIN_VALUE && expires <= clock.millis() ? Optional.empty() : opened;
  }

  @FunctionalInterface
  private interface Call<T> {
    T on(RedisCommands<String, String> redis);
  }

  private <T> T call(Call<T> call) {
    if (closed) {
      throw new TokenStore.UnavailableException("the token store is closed", null);
    }
    if (clock.millis() < quietUntilMillis) {
      throw new TokenStore.UnavailableException(
          "the token store " + address.redacted() + " did not answer a moment ago", null);
    }
    try {
      T result = call.on(connection().sync());
      answered();
      return result;
    } catch (RuntimeException e) { // Lettuce's RedisException and its kin, all unchecked
      throw failed(e);
    }
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> current = connection;
    if (current != null) {
      return current;
    }
    synchronized (connecting) {
      if (connection == null) {
        connection = connect(client::connect);
      }
      return connection;
    }
  }

  /**
   * Connects, once more when the first attempt lost its connection during the handshake. Lettuce
   * closes the channel when Redis refuses the handshake's {@code HELLO}/{@code AUTH}, and now and
   * then that close overtakes the refusal: the exception then says only that the connection closed
   * prematurely, and a wrong password would be reported as an outage (seen about once in 200
   * connects on a loaded 2-core machine). A second attempt tells the two apart; a store that really
   * closes every connection costs one extra connect, never more.
   */
  private static <C> C connect(Supplier<C> connect) {
    try {
      return connect.get();
    } catch (RedisConnectionException e) {
      if (!closedDuringHandshake(e)) {
        throw e;
      }
      return connect.get();
    }
  }

  private static boolean closedDuringHandshake(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("closed prematurely")) {
        return true;
      }
    }
    return false;
  }

  /** Subscribes once; Lettuce subscribes again by itself after a reconnect. */
  private void subscribe() {
    if (pubSub != null) {
      return;
    }
    call(
        redis -> {
          synchronized (connecting) {
            if (pubSub == null) {
              StatefulRedisPubSubConnection<String, String> subscriber =
                  connect(client::connectPubSub);
              subscriber.addListener(
                  new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                      CompletableFuture<Void> woken = waiters.remove(message);
                      if (woken != null) {
                        woken.complete(null);
                      }
                    }
                  });
              subscriber.sync().subscribe(CHANNEL);
              pubSub = subscriber;
            }
          }
          return null;
        });
  }

  private void answered() {
    if (down) {
      down = false;
      logger.log(
          Level.INFO,
          "the token store " + address.redacted() + " answers again; sharing tokens again");
    }
  }

  /**
   * What went wrong, in words: a refusal of the credentials or of a permission is a
   * misconfiguration to fix, not an outage to wait out. Only Redis's error prefixes are looked at;
   * no message is quoted.
   */
  static String problem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")) {
        return "refused the user name or password in the store URL";
      }
      if (message.startsWith("NOPERM")) {
        return "refused a command, key or channel to this Redis user: it needs the keys"
            + " import-runner:*, the channel import-runner:token-store and the commands GET, SET,"
            + " EVAL, PTTL, PUBLISH and SUBSCRIBE";
      }
    }
    return "does not answer (" + e.getClass().getSimpleName() + ")";
  }

  private TokenStore.UnavailableException failed(RuntimeException e) {
    if (e instanceof RedisCommandInterruptedException) {
      // The strategy is closing (its fetch thread interrupted): not an outage.
      Thread.currentThread().interrupt();
      return new TokenStore.UnavailableException("interrupted", null);
    }
    quietUntilMillis = clock.millis() + QUIET_AFTER_FAILURE.toMillis();
    if (!down) {
      down = true;
      logger.log(
          Level.WARNING,
          "the token store "
              + address.redacted()
              + " "
              + problem(e)
              + "; each runner goes on with its own tokens until it does");
    }
    return new TokenStore.UnavailableException(
        "the token store " + address.redacted() + " does not answer", null);
  }
}
