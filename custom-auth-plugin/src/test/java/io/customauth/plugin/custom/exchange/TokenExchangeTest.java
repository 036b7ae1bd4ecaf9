package io.customauth.plugin.custom.exchange;

import static io.customauth.plugin.custom.fixtures.Configs.row;
import static io.customauth.plugin.custom.fixtures.Configs.rows;
import static io.customauth.plugin.custom.fixtures.FakeProvider.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.plugin.custom.fixtures.FakeProvider;
import io.customauth.plugin.custom.fixtures.FakeProvider.Answer;
import io.customauth.plugin.custom.fixtures.FakeProvider.Request;
import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenExchangeTest {
  private static final String TOKEN = "tok-123";
  private static final String OK = "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}";

  private final FakeProvider provider = FakeProvider.http();
  private final ExchangeHarness harness = new ExchangeHarness();

  @AfterEach
  void stop() {
    provider.close();
    harness.close();
  }

  private Map<String, Object> config() {
    return Configs.custom(provider.url("/token"));
  }

  private AuthException failureAnswering(Answer... answers) {
    provider.answer("/token", answers);
    return harness.failure(config());
  }

  // --- success and what the answer says ---

  @Test
  void obtainsTheTokenAndItsExpiryInSeconds() {
    provider.answer("/token", json(OK));

    Credential credential = harness.fetch(config());

    assertThat(credential.token()).isEqualTo(TOKEN);
    assertThat(credential.expiresAt()).isEqualTo(ExchangeHarness.NOW.plusSeconds(3600));
    assertThat(credential.refreshAt()).isEqualTo(ExchangeHarness.NOW.plusSeconds(3540));
  }

  @Test
  void readsADatetimeExpiryFromNestedKeys() {
    provider.answer(
        "/token",
        json(
            "{\"auth\":{\"client_token\":\"t\"},\"meta\":{\"exp\":\"2030-01-01T03:00:00.5+02:00\"}}"));
    Map<String, Object> config = config();
    config.put("tokenKeyName", "auth.client_token");
    config.put("expiryKeyName", "/meta/exp");
    config.put("expiryType", "datetime");

    Credential credential = harness.fetch(config);

    assertThat(credential.token()).isEqualTo("t");
    assertThat(credential.expiresAt()).isEqualTo(Instant.parse("2030-01-01T01:00:00.5Z"));
  }

  @Test
  void readsMillisecondsSentAsAString() {
    provider.answer("/token", json("{\"access_token\":\"t\",\"expires_in\":\"90000\"}"));
    Map<String, Object> config = config();
    config.put("expiryType", "milliseconds");

    assertThat(harness.fetch(config).expiresAt()).isEqualTo(ExchangeHarness.NOW.plusSeconds(90));
  }

  @Test
  void refreshesNoEarlierThanHalfTheLifetime() {
    provider.answer("/token", json("{\"access_token\":\"t\",\"expires_in\":60}"));
    Map<String, Object> config = config();
    config.put("safetyWindowSeconds", 300);

    assertThat(harness.fetch(config).refreshAt()).isEqualTo(ExchangeHarness.NOW.plusSeconds(30));
  }

  @Test
  void acceptsAJsonObjectWhateverItsContentType() {
    provider.answer("/token", Answer.of(200, "text/plain", OK));

    assertThat(harness.fetch(config()).token()).isEqualTo(TOKEN);
  }

  @Test
  void acceptsAnyTwoHundredStatus() {
    provider.answer("/token", Answer.of(201, "application/vnd.acme+json", OK));

    assertThat(harness.fetch(config()).token()).isEqualTo(TOKEN);
  }

  // --- errors from what the provider answered ---

  @Test
  void badRequestIsNotRetried() {
    AuthException e = failureAnswering(Answer.of(400, "application/json", "{\"error\":\"x\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(provider.requests("/token")).hasSize(1);
  }

  @Test
  void unauthorizedIsInvalidCredentialsAndNotRetried() {
    AuthException e = failureAnswering(Answer.status(401));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
    assertThat(e.httpStatus()).hasValue(401);
    assertThat(provider.requests("/token")).hasSize(1);
  }

  @Test
  void forbiddenIsInvalidCredentialsAndNotRetried() {
    AuthException e = failureAnswering(Answer.status(403));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
    assertThat(provider.requests("/token")).hasSize(1);
  }

  @Test
  void notFoundIsEndpointUnavailableWithItsStatusAndNotRetried() {
    AuthException e = failureAnswering(Answer.status(404));

    assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE);
    assertThat(e.getMessage()).contains("404");
    assertThat(provider.requests("/token")).hasSize(1);
  }

  @Test
  void anHtmlPageIsNotJson() {
    AuthException e =
        failureAnswering(Answer.of(200, "text/html", "<html><body>Login</body></html>"));

    assertThat(e.code()).isEqualTo(ErrorCode.NOT_JSON);
    assertThat(e.getMessage()).contains("text/html").doesNotContain("Login");
  }

  @Test
  void xmlIsNotJson() {
    AuthException e =
        failureAnswering(
            Answer.of(200, "application/xml", "<token><access_token>t</access_token></token>"));

    assertThat(e.code()).isEqualTo(ErrorCode.NOT_JSON);
  }

  @Test
  void aJsonArrayIsNotAJsonObject() {
    AuthException e = failureAnswering(json("[" + OK + "]"));

    assertThat(e.code()).isEqualTo(ErrorCode.NOT_JSON);
  }

  @Test
  void anEmptyBodyIsNotJson() {
    AuthException e = failureAnswering(Answer.status(200));

    assertThat(e.code()).isEqualTo(ErrorCode.NOT_JSON);
  }

  @Test
  void aMissingTokenKeyListsTheKeyNamesPresent() {
    AuthException e = failureAnswering(json("{\"accessToken\":\"VALUE-1\",\"expires_in\":3600}"));

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_KEY_MISSING);
    assertThat(e.getMessage())
        .contains("'access_token'")
        .contains("the answer has the keys [\"accessToken\", \"expires_in\"]")
        .doesNotContain("VALUE-1");
  }

  @Test
  void aTokenThatIsNotAStringIsMissing() {
    AuthException e = failureAnswering(json("{\"access_token\":12345,\"expires_in\":3600}"));

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_KEY_MISSING);
    assertThat(e.getMessage()).doesNotContain("12345");
  }

  @Test
  void anEmptyTokenIsMissing() {
    AuthException e = failureAnswering(json("{\"access_token\":\"\",\"expires_in\":3600}"));

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_KEY_MISSING);
  }

  @Test
  void aMissingExpiryKeyListsTheKeyNamesPresent() {
    AuthException e = failureAnswering(json("{\"access_token\":\"VALUE-2\",\"ttl\":3600}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_KEY_MISSING);
    assertThat(e.getMessage())
        .contains("'expires_in'")
        .contains("the answer has the keys [\"access_token\", \"ttl\"]")
        .doesNotContain("VALUE-2");
  }

  @Test
  void anExpiryOfTheWrongKindIsInvalid() {
    AuthException e =
        failureAnswering(json("{\"access_token\":\"t\",\"expires_in\":\"2030-01-01T01:00:00Z\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
  }

  @Test
  void anExpiryInThePastIsInvalid() {
    provider.answer(
        "/token", json("{\"access_token\":\"t\",\"expires_at\":\"2029-12-31T23:00:00Z\"}"));
    Map<String, Object> config = config();
    config.put("expiryKeyName", "expires_at");
    config.put("expiryType", "datetime");

    AuthException e = harness.failure(config);

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
    assertThat(e.getMessage()).contains("in the past");
  }

  @Test
  void aMissingNestedKeyListsTheKeysUnderItsDeepestParent() {
    Map<String, Object> config = config();
    config.put("tokenKeyName", "auth.client_token");
    provider.answer(
        "/token", json("{\"auth\":{\"token\":\"VALUE-3\",\"kind\":\"x\"},\"expires_in\":60}"));

    AuthException e = harness.failure(config);

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_KEY_MISSING);
    assertThat(e.getMessage())
        .contains("the object at 'auth' has the keys [\"token\", \"kind\"]")
        .doesNotContain("VALUE-3");
  }

  @Test
  void keyNamesFromTheProviderAreQuotedWithControlCharactersEscaped() {
    AuthException e =
        failureAnswering(json("{\"a\\u001b]0;evil\\u0007\":\"t\",\"b\\n\\u202e\":1}"));

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_KEY_MISSING);
    assertThat(e.getMessage())
        .contains("[\"a\\u001b]0;evil\\u0007\", \"b\\u000a\\u202e\"]")
        .doesNotContain("\u001b", "\u0007", "\n", "\u202e");
  }

  @Test
  void aContentTypeFromTheProviderIsQuotedWithControlCharactersEscaped() {
    AuthException e = failureAnswering(Answer.of(200, "text/\u001b[2Jhtml", "<html></html>"));

    assertThat(e.code()).isEqualTo(ErrorCode.NOT_JSON);
    assertThat(e.getMessage()).contains("\"text/\\u001b[2Jhtml\"").doesNotContain("\u001b");
  }

  @Test
  void aDuplicateKeyIsNotJsonNamingTheKey() {
    AuthException e =
        failureAnswering(json("{\"access_token\":\"VALUE-4\",\"access_token\":\"VALUE-5\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.NOT_JSON);
    assertThat(e.getMessage()).contains("\"access_token\"").doesNotContain("VALUE-4", "VALUE-5");
  }

  @Test
  void aDuplicateKeyInANestedObjectIsNotJsonNamingTheKey() {
    AuthException e =
        failureAnswering(json("{\"access_token\":\"t\",\"meta\":{\"k\\u001b\":1,\"k\\u001b\":2}}"));

    assertThat(e.code()).isEqualTo(ErrorCode.NOT_JSON);
    assertThat(e.getMessage()).contains("\"k\\u001b\"").doesNotContain("\u001b");
  }

  @Test
  void aNullTokenIsReportedAsNullNotAsMissing() {
    AuthException e = failureAnswering(json("{\"access_token\":null,\"expires_in\":3600}"));

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_KEY_MISSING);
    assertThat(e.getMessage()).contains("'access_token' is null");
  }

  @Test
  void aNullExpiryIsReportedAsNullNotAsMissing() {
    AuthException e = failureAnswering(json("{\"access_token\":\"t\",\"expires_in\":null}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
    assertThat(e.getMessage()).contains("'expires_in' is null");
  }

  @Test
  void aNumberBeyondTheRangeOfADoubleIsExpiryInvalid() {
    AuthException e = failureAnswering(json("{\"access_token\":\"t\",\"expires_in\":1e400}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
    assertThat(e.getMessage()).contains("over 10 years");
  }

  @Test
  void aDatetimeFarAheadIsATokenWithoutExpiry() {
    provider.answer(
        "/token", json("{\"access_token\":\"t\",\"expires_at\":\"9999-12-31T23:59:59Z\"}"));
    Map<String, Object> config = config();
    config.put("expiryKeyName", "expires_at");
    config.put("expiryType", "datetime");

    Credential credential = harness.fetch(config);

    assertThat(credential.expiry()).isEmpty();
    assertThat(credential.refreshTime()).isEmpty();
  }

  /** A token must be usable as a header value: visible ASCII only (0x21-0x7E). */
  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "'abc\\r\\nX-Evil: 1', a line break",
    "'abc\\ndef', a line break",
    "'abc def', a space",
    "'abc\\tdef', a control character",
    "'abc\\u0000def', a control character",
    "'abc\\u001bdef', a control character",
    "'abc\\u007fdef', a control character",
    "'abc\\u0085def', a non-ASCII character",
    "'abc\\u00a0def', a non-ASCII character",
    "'t\\u00fcr', a non-ASCII character",
    "'\\u20ac', a non-ASCII character",
    "'\\ud83d\\ude00', a non-ASCII character",
  })
  void aTokenWithCharactersAHeaderCannotCarryIsUnusable(String jsonToken, String what) {
    AuthException e =
        failureAnswering(
            json("{\"access_token\":\"" + jsonToken + "\",\"expires_in\":3600,\"x\":\"abc\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_UNUSABLE);
    assertThat(e.getMessage())
        .contains("'access_token'", what)
        .doesNotContain("abc", "def", "X-Evil", "tür");
  }

  @Test
  void aTokenOfEveryVisibleAsciiCharacterIsUsable() {
    StringBuilder visible = new StringBuilder();
    for (char c = 0x21; c <= 0x7E; c++) {
      visible.append(c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
    }
    provider.answer("/token", json("{\"access_token\":\"" + visible + "\",\"expires_in\":3600}"));

    assertThat(harness.fetch(config()).token()).hasSize(0x7E - 0x21 + 1);
  }

  // --- retries ---

  @Test
  void retriesAServerErrorThenSucceeds() {
    provider.answer("/token", Answer.status(503), json(OK));

    assertThat(harness.fetch(config()).token()).isEqualTo(TOKEN);
    assertThat(provider.requests("/token")).hasSize(2);
    assertThat(harness.waits).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void backsOffExponentiallyAndGivesUpAfterThreeAttemptsNamingTheLastStatus() {
    AuthException e = failureAnswering(Answer.status(500), Answer.status(502), Answer.status(503));

    assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE);
    assertThat(e.httpStatus()).hasValue(503);
    assertThat(e.getMessage()).contains("3 attempts").contains("HTTP 503");
    assertThat(provider.requests("/token")).hasSize(3);
    assertThat(harness.waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void waitsAsLongAsRetryAfterSecondsSays() {
    provider.answer("/token", Answer.status(429).withHeader("Retry-After", "7"), json(OK));

    assertThat(harness.fetch(config()).token()).isEqualTo(TOKEN);
    assertThat(harness.waits).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void waitsUntilARetryAfterHttpDateByTheClock() {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ExchangeHarness.NOW.plusSeconds(12).atOffset(ZoneOffset.UTC));
    provider.answer("/token", Answer.status(503).withHeader("Retry-After", date), json(OK));

    harness.fetch(config());

    assertThat(harness.waits).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void waitsUntilARetryAfterAsctimeDateByTheClock() {
    // asctime pads a one-digit day with a space: 2030-01-01 is "Tue Jan  1".
    provider.answer(
        "/token",
        Answer.status(503).withHeader("Retry-After", "Tue Jan  1 00:00:42 2030"),
        json(OK));

    harness.fetch(config());

    assertThat(harness.waits).containsExactly(Duration.ofSeconds(42));
  }

  @Test
  void honoursARetryAfterOfTenMinutes() {
    provider.answer("/token", Answer.status(429).withHeader("Retry-After", "600"), json(OK));

    harness.fetch(config());

    assertThat(harness.waits).containsExactly(Duration.ofMinutes(10));
  }

  @Test
  void aRetryAfterOverTenMinutesFailsAtOnceNamingUntilWhen() {
    AuthException e =
        failureAnswering(Answer.status(429).withHeader("Retry-After", "86400"), json(OK));

    assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE);
    assertThat(e.httpStatus()).hasValue(429);
    assertThat(e.getMessage()).contains("HTTP 429", "2030-01-02T00:00:00Z", "Retry-After");
    assertThat(provider.requests("/token")).hasSize(1);
    assertThat(harness.waits).isEmpty();
  }

  @Test
  void triesAsOftenAsMaxAttemptsSays() {
    provider.answer("/token", Answer.status(503));
    Map<String, Object> config = config();
    config.put("maxAttempts", 5);

    AuthException e = harness.failure(config);

    assertThat(provider.requests("/token")).hasSize(5);
    assertThat(e.getMessage()).contains("failed 5 attempts");
  }

  @Test
  void oneAttemptMeansNoRetry() {
    provider.answer("/token", Answer.status(503), json(OK));
    Map<String, Object> config = config();
    config.put("maxAttempts", 1);

    AuthException e = harness.failure(config);

    assertThat(e.getMessage()).contains("failed 1 attempt;");
    assertThat(provider.requests("/token")).hasSize(1);
    assertThat(harness.waits).isEmpty();
  }

  @Test
  void aRequestTimeoutIsRetried() {
    provider.answer("/token", Answer.status(408), json(OK));

    assertThat(harness.fetch(config()).token()).isEqualTo(TOKEN);
    assertThat(provider.requests("/token")).hasSize(2);
  }

  @Test
  void anAnswerTricklingPastTheDeadlineTimesOutAsAWhole() {
    // One byte every 300 ms: every read gets data, the whole answer would take 13 s.
    provider.trickle("/token", OK, Duration.ofMillis(300));
    Map<String, Object> config = config();
    config.put("timeoutSeconds", 1);
    config.put("maxAttempts", 1);

    CompletableFuture<AuthException> failure =
        CompletableFuture.supplyAsync(() -> harness.failure(config));

    await().atMost(Duration.ofSeconds(4)).until(failure::isDone);
    AuthException e = failure.join();
    assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE);
    assertThat(e.getMessage()).contains("timed out", "timeoutSeconds (1 s");
  }

  @Test
  void tooManyRequestsEveryTimeIsEndpointUnavailable() {
    AuthException e = failureAnswering(Answer.status(429).withHeader("Retry-After", "1"));

    assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE);
    assertThat(e.getMessage()).contains("HTTP 429");
    assertThat(harness.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void aHungServerTimesOutOnEachAttempt() {
    provider.hang("/token");
    Map<String, Object> config = config();
    config.put("timeoutSeconds", 0.2);

    AuthException e = harness.failure(config);

    assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE);
    assertThat(e.getMessage()).contains("timed out");
    assertThat(provider.requests("/token")).hasSize(3);
  }

  @Test
  void aRefusedConnectionIsRetriedThenEndpointUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    AuthException e = harness.failure(Configs.custom("http://127.0.0.1:" + closedPort + "/token"));

    assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE);
    assertThat(e.getMessage()).contains("connection refused by 127.0.0.1:" + closedPort);
    assertThat(harness.waits).hasSize(2);
  }

  @Test
  void aRedirectIsRefusedAndNotFollowed() {
    provider.answer(
        "/token", Answer.status(302).withHeader("Location", provider.url("/elsewhere")));
    provider.answer("/elsewhere", json(OK));

    AuthException e = harness.failure(config());

    assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE);
    assertThat(e.getMessage()).contains("redirect").contains("302");
    assertThat(provider.requests("/elsewhere")).isEmpty();
    assertThat(provider.requests("/token")).hasSize(1);
  }

  @Test
  void aFiveMebibyteAnswerIsTooLarge() {
    provider.huge("/token", 5 * 1024 * 1024, true);

    AuthException e = harness.failure(config());

    assertThat(e.code()).isEqualTo(ErrorCode.RESPONSE_TOO_LARGE);
  }

  @Test
  void aFiveMebibyteAnswerWithoutContentLengthIsTooLarge() {
    provider.huge("/token", 5 * 1024 * 1024, false);

    AuthException e = harness.failure(config());

    assertThat(e.code()).isEqualTo(ErrorCode.RESPONSE_TOO_LARGE);
  }

  @Test
  void anAnswerOfExactlyOneMebibyteIsRead() {
    String padding = " ".repeat(TokenExchange.MAX_BODY_BYTES - OK.length());
    provider.answer("/token", json(OK + padding));

    assertThat(harness.fetch(config()).token()).isEqualTo(TOKEN);
  }

  // --- what is sent ---

  @Test
  void sendsQueryParametersEncodedInOrderWithRepeatsAndKeepsTheUrlsQuery() {
    provider.answer("/token", json(OK));
    Map<String, Object> config = Configs.custom(provider.url("/token?tenant=a%26b&x=1"));
    config.put(
        "queryParameters",
        rows(
            row("scope", "read write"),
            row("", "dropped"),
            row("scope", "a&b=c+d"),
            row("name", "ü€"),
            row("k=&+", "v")));

    harness.fetch(config);

    Request request = provider.requests("/token").get(0);
    assertThat(request.queryPairs())
        .containsExactly(
            Map.entry("tenant", "a&b"),
            Map.entry("x", "1"),
            Map.entry("scope", "read write"),
            Map.entry("scope", "a&b=c+d"),
            Map.entry("name", "ü€"),
            Map.entry("k=&+", "v"));
  }

  @Test
  void sendsTheBodyAsUtf8FormInOrder() {
    provider.answer("/token", json(OK));
    Map<String, Object> config = config();
    config.put(
        "requestBody",
        rows(
            row("client_id", "my client"),
            row("client_secret", "p&ss=w+rd ü€"),
            row("", "dropped"),
            row("grant_type", "custom_grant"),
            row("client_id", "again")));

    harness.fetch(config);

    Request request = provider.requests("/token").get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(request.formPairs())
        .containsExactly(
            Map.entry("client_id", "my client"),
            Map.entry("client_secret", "p&ss=w+rd ü€"),
            Map.entry("grant_type", "custom_grant"),
            Map.entry("client_id", "again"));
  }

  @Test
  void getSendsNoBody() {
    provider.answer("/token", json(OK));
    Map<String, Object> config = config();
    config.put("method", "GET");
    config.put("queryParameters", rows(row("a", "1")));

    harness.fetch(config);

    Request request = provider.requests("/token").get(0);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.body()).isEmpty();
    assertThat(request.queryPairs()).containsExactly(Map.entry("a", "1"));
  }

  @Test
  void asksForJson() {
    provider.answer("/token", json(OK));

    harness.fetch(config());

    assertThat(provider.requests("/token").get(0).header("Accept")).isEqualTo("application/json");
  }
}
