package io.customauth.benchmarks.hotpath;

import com.azure.core.credential.AccessTokenCache;
import com.azure.core.credential.TokenRequestContext;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.OAuth2Credentials;
import io.customauth.runner.tokenstore.RedisTokenStore;
import io.customauth.runner.tokenstore.StoreAddress;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.Credential;
import io.customauth.spi.SecretResolver;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.RefreshResult;

/**
 * Part 1 of issue 4: the cost of getting a valid cached token and putting it on a request, for our
 * cache and for the caches users would otherwise pick, all holding the same day-long token.
 *
 * <p>Each benchmark does what its library does per request to yield an Authorization value: ours is
 * the real {@code custom} strategy's {@code authenticate} (get the token, put it on the request),
 * made by the plugin's factory against a token endpoint on loopback; google-auth builds the header
 * map itself (once per token) and we copy its value; the AWS SDK's bearer signer and azure-core's
 * bearer policy concatenate {@code "Bearer " + token} per request, so those two benchmarks do the
 * same. The subclasses fix the thread count; every thread shares one cache, as the upload workers
 * of one connector do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class HotPath {
  static final String AUTHORIZATION = "Authorization";
  static final String BEARER = "Bearer ";

  /** One cache per library, shared by all threads of a trial. */
  @State(Scope.Benchmark)
  public static class Caches {
    /** The physical floor: what a bare volatile read of a reference costs. */
    volatile Credential floor;

    /** A pre-built header value, for the floor of putting it on a request (diagnostic). */
    volatile String floorHeaderValue;

    AuthStrategy ours;
    OAuth2Credentials google;
    URI googleUri;
    CachedSupplier<String> aws;
    AccessTokenCache azure;
    TokenRequestContext azureContext;

    /**
     * Calls to each library's token endpoint; must not move while measuring. Ours are counted by
     * the server our strategy calls.
     */
    final AtomicInteger googleFetches = new AtomicInteger();

    final AtomicInteger awsFetches = new AtomicInteger();
    final AtomicInteger azureFetches = new AtomicInteger();
    private int fetchesAfterSetup;
    private ScheduledExecutorService scheduler;
    private DayLongTokenServer ourServer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      scheduler = Tokens.daemonScheduler();
      ourServer = new DayLongTokenServer();
      ours = Tokens.ourStrategy(ourServer, scheduler);
      floor = ours.authenticate(new RequestHeaders());
      if (ourServer.requests() != 1 || !Tokens.TOKEN.equals(floor.token())) {
        throw new IllegalStateException("our strategy did not get its token from the server");
      }
      floorHeaderValue = BEARER + Tokens.TOKEN;

      Instant expiresAt = Instant.now().plus(Tokens.LIFETIME);
      google = new CountingGoogleCredentials(googleFetches, Date.from(expiresAt));
      googleUri = URI.create("https://upload.example/v1/records");
      google.getRequestMetadata(googleUri);

      aws =
          CachedSupplier.builder(
                  () -> {
                    awsFetches.incrementAndGet();
                    Instant dayAway = Instant.now().plus(Tokens.LIFETIME);
                    return RefreshResult.builder(Tokens.TOKEN)
                        .staleTime(dayAway)
                        .prefetchTime(dayAway)
                        .build();
                  })
              .cachedValueName("bench-token")
              .build();
      aws.get();

      OffsetDateTime azureExpiry = OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC);
      azure =
          new AccessTokenCache(
              context ->
                  Mono.fromSupplier(
                      () -> {
                        azureFetches.incrementAndGet();
                        return new com.azure.core.credential.AccessToken(Tokens.TOKEN, azureExpiry);
                      }));
      azureContext = new TokenRequestContext().addScopes("https://upload.example/.default");
      azure.getTokenSync(azureContext, false);

      fetchesAfterSetup = totalFetches();
    }

    @TearDown(Level.Trial)
    public void checkNoFetchWhileMeasuring() {
      aws.close();
      ours.close();
      scheduler.shutdownNow();
      ourServer.close();
      int during = totalFetches() - fetchesAfterSetup;
      if (during != 0) {
        throw new IllegalStateException(
            during + " token endpoint call(s) while measuring: the comparison is void");
      }
    }

    private int totalFetches() {
      return ourServer.requests() + googleFetches.get() + awsFetches.get() + azureFetches.get();
    }
  }

  /**
   * Ours with a token store configured, as the runner lends one with {@code --token-store}: the
   * real Redis store of import-runner ({@code RedisTokenStore.forConnector}) on {@link #STORE_URL}
   * with a random 32-character secret (so no trial sees another's token), behind a counting
   * delegate. Its own token server, so ours' checks stay as they are. Only {@code oursWithStore}
   * uses this state: the other benchmarks need no Redis.
   */
  @State(Scope.Benchmark)
  public static class StoreCaches {
    static final String STORE_URL =
        System.getProperty("hotpath.tokenStore", "redis://127.0.0.1:6379");

    AuthStrategy oursWithStore;
    private CountingTokenStore store;
    private RedisTokenStore redis;
    private int storeCallsAfterSetup;
    private ScheduledExecutorService scheduler;
    private DayLongTokenServer server;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      scheduler = Tokens.daemonScheduler();
      server = new DayLongTokenServer();
      redis =
          new RedisTokenStore(
              StoreAddress.parse(STORE_URL),
              randomSecret(),
              Clock.systemUTC(),
              System.getLogger("hotpath.tokenstore"));
      Map<String, Object> auth = OurStrategy.config(server.url(), null);
      store = new CountingTokenStore(redis.forConnector("custom", auth));
      oursWithStore = OurStrategy.create(auth, scheduler, SecretResolver.NONE, store);
      Credential first = oursWithStore.authenticate(new RequestHeaders());
      if (server.requests() != 1 || !Tokens.TOKEN.equals(first.token())) {
        throw new IllegalStateException("ours with a store did not get its token from the server");
      }
      if (store.calls() == 0) {
        throw new IllegalStateException("ours with a store never asked the store: not configured?");
      }
      storeCallsAfterSetup = store.calls();
    }

    @TearDown(Level.Trial)
    public void checkNoStoreCallWhileMeasuring() {
      int during = store.calls() - storeCallsAfterSetup;
      int fetches = server.requests() - 1;
      oursWithStore.close();
      redis.close();
      scheduler.shutdownNow();
      server.close();
      System.out.println(
          "\n[oursWithStore] store calls in setup: "
              + storeCallsAfterSetup
              + ", while measuring: "
              + during);
      if (during != 0 || fetches != 0) {
        throw new IllegalStateException(
            during
                + " token store call(s) and "
                + fetches
                + " token endpoint call(s) while measuring: the comparison is void");
      }
    }

    private static String randomSecret() {
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
      SecureRandom random = new SecureRandom();
      StringBuilder secret = new StringBuilder(32);
      for (int i = 0; i < 32; i++) {
        secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return secret.toString();
    }
  }

  /** Each thread's request, reused for every operation. */
  @State(Scope.Thread)
  public static class Request {
    final RequestHeaders headers = new RequestHeaders();
  }

  @Benchmark
  public Credential floor(Caches caches) {
    return caches.floor;
  }

  /**
   * Diagnostic: the floor of the whole hot path, a volatile read of a pre-built header value and
   * the same store on the request that every other benchmark but {@code floor} makes.
   */
  @Benchmark
  public RequestHeaders floorWithStore(Caches caches, Request request) {
    request.headers.setHeader(AUTHORIZATION, caches.floorHeaderValue);
    return request.headers;
  }

  /** Ours: what the uploader calls per request, {@code AuthStrategy.authenticate}. */
  @Benchmark
  public RequestHeaders ours(Caches caches, Request request) {
    caches.ours.authenticate(request.headers);
    return request.headers;
  }

  /**
   * Ours with a token store configured: the same call; the store is only asked when the token is
   * refreshed, so this must cost what {@code ours} costs (issue 10).
   */
  @Benchmark
  public RequestHeaders oursWithStore(StoreCaches caches, Request request) {
    caches.oursWithStore.authenticate(request.headers);
    return request.headers;
  }

  /**
   * Diagnostic: {@code credential()} alone, which is {@code TokenCache.get()}, without putting the
   * token on the request.
   */
  @Benchmark
  public Credential oursGetOnly(Caches caches) {
    return caches.ours.credential();
  }

  @Benchmark
  public RequestHeaders googleAuth(Caches caches, Request request) throws IOException {
    Map<String, List<String>> metadata = caches.google.getRequestMetadata(caches.googleUri);
    request.headers.setHeader(AUTHORIZATION, metadata.get(AUTHORIZATION).get(0));
    return request.headers;
  }

  @Benchmark
  public RequestHeaders awsCachedSupplier(Caches caches, Request request) {
    request.headers.setHeader(AUTHORIZATION, BEARER + caches.aws.get());
    return request.headers;
  }

  @Benchmark
  public RequestHeaders azureAccessTokenCache(Caches caches, Request request) {
    com.azure.core.credential.AccessToken token =
        caches.azure.getTokenSync(caches.azureContext, false);
    request.headers.setHeader(AUTHORIZATION, BEARER + token.getToken());
    return request.headers;
  }

  /**
   * google-auth with a day-long token; counts any refresh so the trial can prove there was none.
   */
  static final class CountingGoogleCredentials extends OAuth2Credentials {
    private final transient AtomicInteger fetches;

    CountingGoogleCredentials(AtomicInteger fetches, Date expiresAt) {
      super(new AccessToken(Tokens.TOKEN, expiresAt));
      this.fetches = fetches;
    }

    @Override
    public AccessToken refreshAccessToken() {
      fetches.incrementAndGet();
      return new AccessToken(Tokens.TOKEN, Date.from(Instant.now().plus(Tokens.LIFETIME)));
    }
  }
}
