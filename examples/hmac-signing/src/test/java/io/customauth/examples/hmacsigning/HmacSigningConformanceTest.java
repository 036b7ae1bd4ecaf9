package io.customauth.examples.hmacsigning;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.spi.AuthStrategyFactory;
import io.customauth.spi.testkit.AuthStrategyConformance;
import io.customauth.spi.testkit.RecordingRequest;
import io.customauth.spi.testkit.TestAuthContext;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The test kit's whole conformance suite, plus the signature recomputed independently. */
class HmacSigningConformanceTest extends AuthStrategyConformance {
  private static final String SECRET = "hmac-s3cret-0f9e8d";

  @Override
  protected AuthStrategyFactory factory() {
    return new HmacSigningFactory();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("type", "hmac-signing", "keyId", "key-1", "secret", "${env:HMAC_SECRET}");
  }

  @Override
  protected void configure(TestAuthContext context) {
    context.env("HMAC_SECRET", SECRET);
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(SECRET);
  }

  @Override
  protected List<Map<String, Object>> invalidConfigs() {
    return List.of(Map.of("type", "hmac-signing", "keyId", "a key, quoted", "secret", SECRET));
  }

  @Test
  void signsMethodPathQueryBodyDigestAndTheClocksTimestamp() throws Exception {
    context.advance(Duration.ofSeconds(42));
    byte[] body = "{\"id\":1}\n".getBytes(UTF_8);
    RecordingRequest request =
        new RecordingRequest("PUT", URI.create("https://api.example.com/p%201/r?b=2&a=1"), body);

    newStrategy().authenticate(request);

    String timestamp = String.valueOf(TestAuthContext.START.getEpochSecond() + 42);
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    String signed = "PUT\n/p%201/r\nb=2&a=1\n" + digest + "\n" + timestamp;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
    assertThat(request.header("X-Timestamp")).contains(timestamp);
    assertThat(request.header("X-Content-SHA256")).contains(digest);
    assertThat(request.header("Authorization"))
        .contains(
            "HMAC-SHA256 keyId=key-1, signature="
                + HexFormat.of().formatHex(mac.doFinal(signed.getBytes(UTF_8))));
  }

  @Test
  void sha512IsTheOtherAllowedAlgorithm() {
    RecordingRequest request = RecordingRequest.upload();
    factory()
        .create(
            Map.of("type", "hmac-signing", "keyId", "k", "secret", "s", "algorithm", "HmacSHA512"),
            context)
        .authenticate(request);
    assertThat(request.header("Authorization").orElseThrow())
        .matches("HMAC-SHA512 keyId=k, signature=[0-9a-f]{128}");
  }

  @Test
  void aKeyIdThatCannotGoIntoTheHeaderIsAViolation() {
    assertThat(factory().validate(Map.of("type", "hmac-signing", "keyId", "a b", "secret", "s")))
        .singleElement()
        .satisfies(violation -> assertThat(violation.path()).isEqualTo("keyId"));
  }
}
