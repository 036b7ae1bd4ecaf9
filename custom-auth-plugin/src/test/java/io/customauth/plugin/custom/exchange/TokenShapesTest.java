package io.customauth.plugin.custom.exchange;

import static io.customauth.plugin.custom.exchange.ExchangeHarness.NOW;
import static io.customauth.plugin.custom.fixtures.FakeProvider.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.plugin.custom.fixtures.FakeProvider;
import io.customauth.plugin.custom.fixtures.FakeProvider.Answer;
import io.customauth.spi.AuthException;
import io.customauth.spi.Credential;
import io.customauth.spi.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the token is (body, header, cookie) and when it expires (epoch, jwt, none,
 * defaultLifetimeSeconds), against a provider on loopback. {@link ExchangeHarness#NOW} is
 * 2030-01-01T00:00:00Z, epoch second 1893456000.
 */
class TokenShapesTest {
  private static final long NOW_EPOCH = NOW.getEpochSecond();

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

  private Credential fetch(Map<String, Object> config, Answer answer) {
    provider.answer("/token", answer);
    return harness.fetch(config);
  }

  private AuthException failure(Map<String, Object> config, Answer answer) {
    provider.answer("/token", answer);
    return harness.failure(config);
  }

  private static Map<String, Object> tokenFrom(
      Map<String, Object> config, String from, String name) {
    config.put("tokenFrom", from);
    config.put("tokenKeyName", name);
    return config;
  }

  private static Map<String, Object> expiry(Map<String, Object> config, String type) {
    config.put("expiryType", type);
    config.remove("expiryKeyName");
    return config;
  }

  private static String jwt(String payload) {
    Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
    return base64url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(UTF8))
        + "."
        + base64url.encodeToString(payload.getBytes(UTF8))
        + ".c2lnbmF0dXJl";
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  // --- tokenFrom: header ---

  @Test
  void readsTheTokenFromAResponseHeaderWhateverItsCase() {
    Map<String, Object> config = tokenFrom(config(), "header", "x-subject-token");
    config.put("expiryKeyName", "token.expires_at");
    config.put("expiryType", "datetime");

    Credential credential =
        fetch(
            config,
            Answer.of(
                    201,
                    "application/json",
                    "{\"token\":{\"expires_at\":\"2030-01-01T01:00:00Z\"}}")
                .withHeader("X-Subject-Token", "gAAAAABkeystone"));

    assertThat(credential.token()).isEqualTo("gAAAAABkeystone");
    assertThat(credential.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
  }

  @Test
  void aHeaderTokenNeedsNoJsonBodyWhenNothingIsReadFromIt() {
    Map<String, Object> config = expiry(tokenFrom(config(), "header", "X-Session"), "none");

    Credential credential =
        fetch(config, Answer.of(200, "text/html", "<p>welcome</p>").withHeader("X-Session", "s1"));

    assertThat(credential).isEqualTo(Credential.nonExpiring("s1"));
  }

  @Test
  void aMissingHeaderListsTheHeaderNamesEscapedNeverTheirValues() {
    Map<String, Object> config = expiry(tokenFrom(config(), "header", "X-Subject-Token"), "none");

    AuthException e =
        failure(
            config,
            json("{}").withHeader("X-Auth-Token", "SECRET-VALUE").withHeader("X-Odd\u001b", "v"));

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_KEY_MISSING);
    assertThat(e.getMessage())
        .startsWith("the answer has no header 'X-Subject-Token'; it has the headers [")
        .contains("\"X-auth-token\"")
        .contains("\\u001b")
        .doesNotContain("SECRET-VALUE");
  }

  @Test
  void aHeaderTokenWithASpaceIsUnusable() {
    Map<String, Object> config = expiry(tokenFrom(config(), "header", "X-Session"), "none");

    AuthException e = failure(config, json("{}").withHeader("X-Session", "two words"));

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_UNUSABLE);
    assertThat(e.getMessage()).startsWith("the token in the header 'X-Session' is not usable");
  }

  // --- tokenFrom: cookie ---

  @Test
  void readsTheTokenFromOneOfSeveralCookiesIgnoringAttributes() {
    Map<String, Object> config = expiry(tokenFrom(config(), "cookie", "session_id"), "none");

    Credential credential =
        fetch(
            config,
            Answer.of(200, "text/plain", "ok")
                .withHeader("Set-Cookie", "theme=dark; Path=/")
                .withHeader(
                    "Set-Cookie",
                    "session_id=abc.123-XYZ; Path=/api; Secure; HttpOnly; SameSite=Strict;"
                        + " Expires=Wed, 09 Jun 2032 10:18:14 GMT")
                .withHeader("Set-Cookie", "csrf=t0k3n"));

    assertThat(credential.token()).isEqualTo("abc.123-XYZ");
  }

  @Test
  void aCookieNameIsCaseSensitive() {
    Map<String, Object> config = expiry(tokenFrom(config(), "cookie", "SID"), "none");

    AuthException e =
        failure(
            config,
            json("{}").withHeader("Set-Cookie", "sid=abc; Path=/").withHeader("Set-Cookie", "x=1"));

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_KEY_MISSING);
    assertThat(e.getMessage())
        .isEqualTo("the answer sets no cookie 'SID'; it sets the cookies [\"sid\", \"x\"]");
  }

  @Test
  void anAnswerWithoutCookiesSaysSo() {
    Map<String, Object> config = expiry(tokenFrom(config(), "cookie", "sid"), "none");

    AuthException e = failure(config, json("{}"));

    assertThat(e.getMessage()).isEqualTo("the answer sets no cookie 'sid'; it sets no cookies");
  }

  @Test
  void aCookieSetTwiceWithDifferentValuesIsNotASilentChoice() {
    Map<String, Object> config = expiry(tokenFrom(config(), "cookie", "sid"), "none");

    AuthException e =
        failure(
            config,
            json("{}")
                .withHeader("Set-Cookie", "sid=one; Path=/a")
                .withHeader("Set-Cookie", "sid=two; Path=/b"));

    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_KEY_MISSING);
    assertThat(e.getMessage()).contains("more than once with different values");
  }

  @Test
  void aCookieTokenWithItsExpiryInTheBody() {
    Map<String, Object> config = tokenFrom(config(), "cookie", "sid");

    Credential credential =
        fetch(config, json("{\"expires_in\":600}").withHeader("Set-Cookie", "sid=s3; HttpOnly"));

    assertThat(credential.token()).isEqualTo("s3");
    assertThat(credential.expiresAt()).isEqualTo(NOW.plusSeconds(600));
  }

  // --- expiryType: epochSeconds / epochMilliseconds ---

  @Test
  void readsAnEpochSecondsExpiry() {
    Map<String, Object> config = config();
    config.put("expiryKeyName", "expires_at");
    config.put("expiryType", "epochSeconds");

    Credential credential =
        fetch(config, json("{\"access_token\":\"t\",\"expires_at\":" + (NOW_EPOCH + 21600) + "}"));

    assertThat(credential.expiresAt()).isEqualTo(NOW.plusSeconds(21600));
    assertThat(credential.refreshAt()).isEqualTo(NOW.plusSeconds(21540));
  }

  @Test
  void readsAnEpochMillisecondsExpiryGivenAsAString() {
    Map<String, Object> config = config();
    config.put("expiryKeyName", "expiresAt");
    config.put("expiryType", "epochMilliseconds");

    Credential credential =
        fetch(
            config,
            json("{\"access_token\":\"t\",\"expiresAt\":\"" + (NOW_EPOCH * 1000 + 90_500) + "\"}"));

    assertThat(credential.expiresAt()).isEqualTo(NOW.plusMillis(90_500));
  }

  @Test
  void anEpochTimestampGivenToSecondsNamesEpochSeconds() {
    AuthException e =
        failure(
            config(), json("{\"access_token\":\"t\",\"expires_in\":" + (NOW_EPOCH + 3600) + "}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
    assertThat(e.getMessage())
        .isEqualTo(
            "the expiry at 'expires_in' is over 10 years away as a duration in seconds; it looks"
                + " like an epoch timestamp in seconds: use expiryType epochSeconds");
  }

  // --- expiryType: jwt ---

  @Test
  void readsTheExpiryOfAJwtFromItsExpClaimWithoutVerifying() {
    Map<String, Object> config = expiry(config(), "jwt");
    String token = jwt("{\"sub\":\"importer\",\"exp\":" + (NOW_EPOCH + 900) + "}");

    Credential credential = fetch(config, json("{\"access_token\":\"" + token + "\"}"));

    assertThat(credential.token()).isEqualTo(token);
    assertThat(credential.expiresAt()).isEqualTo(NOW.plusSeconds(900));
    assertThat(credential.refreshAt()).isEqualTo(NOW.plusSeconds(840));
  }

  @Test
  void aJwtWithoutExpListsItsClaimNames() {
    Map<String, Object> config = expiry(config(), "jwt");
    String token = jwt("{\"sub\":\"SECRET-SUBJECT\",\"iat\":1}");

    AuthException e = failure(config, json("{\"access_token\":\"" + token + "\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
    assertThat(e.getMessage())
        .isEqualTo(
            "the token at 'access_token' is a JWT without an exp claim; its payload has the"
                + " claims [\"sub\", \"iat\"]; set defaultLifetimeSeconds to assume a lifetime, or"
                + " use expiryType none");
  }

  @Test
  void aJwtWithoutExpLivesDefaultLifetimeSeconds() {
    Map<String, Object> config = expiry(config(), "jwt");
    config.put("defaultLifetimeSeconds", 1800);

    Credential credential =
        fetch(config, json("{\"access_token\":\"" + jwt("{\"sub\":\"x\"}") + "\"}"));

    assertThat(credential.expiresAt()).isEqualTo(NOW.plusSeconds(1800));
    assertThat(credential.refreshAt()).isEqualTo(NOW.plusSeconds(1740));
  }

  @Test
  void aJwtWhoseExpIsInMillisecondsSaysSo() {
    Map<String, Object> config = expiry(config(), "jwt");
    String token = jwt("{\"exp\":" + (NOW_EPOCH + 900) * 1000 + "}");

    AuthException e = failure(config, json("{\"access_token\":\"" + token + "\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
    assertThat(e.getMessage())
        .startsWith(
            "the token's exp claim looks like an epoch timestamp in milliseconds, not seconds;");
  }

  @Test
  void aTokenThatIsNoJwtIsExpiryInvalid() {
    Map<String, Object> config = expiry(config(), "jwt");

    AuthException e = failure(config, json("{\"access_token\":\"opaque-token\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
    assertThat(e.getMessage())
        .startsWith("the token at 'access_token' is not a JWT (three base64url parts");
  }

  @Test
  void aJwtWhosePayloadIsNoJsonIsExpiryInvalid() {
    Map<String, Object> config = expiry(config(), "jwt");

    AuthException e = failure(config, json("{\"access_token\":\"a.bm90IGpzb24.c\"}"));

    assertThat(e.getMessage()).contains("its payload is not a JSON object of claims");
  }

  @Test
  void aJwtThatExpiredIsExpiryInvalid() {
    Map<String, Object> config = expiry(config(), "jwt");
    String token = jwt("{\"exp\":" + (NOW_EPOCH - 1) + "}");

    AuthException e = failure(config, json("{\"access_token\":\"" + token + "\"}"));

    assertThat(e.getMessage()).isEqualTo("the token's exp claim is in the past");
  }

  // --- expiryType: none, defaultLifetimeSeconds ---

  @Test
  void noneWithoutDefaultLifetimeIsATokenUsedUntilRejected() {
    Map<String, Object> config = expiry(config(), "none");

    Credential credential = fetch(config, json("{\"access_token\":\"t\"}"));

    assertThat(credential.expiry()).isEmpty();
    assertThat(credential.refreshTime()).isEmpty();
  }

  @Test
  void noneWithDefaultLifetimeIsRefreshedAtThatAge() {
    Map<String, Object> config = expiry(config(), "none");
    config.put("defaultLifetimeSeconds", 3600);

    Credential credential = fetch(config, json("{\"access_token\":\"t\"}"));

    assertThat(credential.refreshAt()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(credential.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
  }

  @Test
  void aMissingExpiryValueLivesDefaultLifetimeSeconds() {
    Map<String, Object> config = config();
    config.put("defaultLifetimeSeconds", 600);

    Credential credential = fetch(config, json("{\"access_token\":\"t\"}"));

    assertThat(credential.expiresAt()).isEqualTo(NOW.plusSeconds(600));
    assertThat(credential.refreshAt()).isEqualTo(NOW.plusSeconds(540));
  }

  @Test
  void anExpiryValueThatIsThereButWrongIsAnErrorDespiteDefaultLifetime() {
    Map<String, Object> config = config();
    config.put("defaultLifetimeSeconds", 600);

    AuthException e = failure(config, json("{\"access_token\":\"t\",\"expires_in\":\"soon\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
  }

  @Test
  void anExpiryValueThatIsNullIsAnErrorDespiteDefaultLifetime() {
    Map<String, Object> config = config();
    config.put("defaultLifetimeSeconds", 600);

    AuthException e = failure(config, json("{\"access_token\":\"t\",\"expires_in\":null}"));

    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRY_INVALID);
    assertThat(e.getMessage()).contains("is null");
  }
}
