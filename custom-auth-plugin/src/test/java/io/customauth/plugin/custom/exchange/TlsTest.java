package io.customauth.plugin.custom.exchange;

import static io.customauth.plugin.custom.fixtures.FakeProvider.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.customauth.plugin.custom.fixtures.Configs;
import io.customauth.plugin.custom.fixtures.FakeProvider;
import io.customauth.plugin.custom.fixtures.TestCertificates;
import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
  private static final String OK = "{\"access_token\":\"t\",\"expires_in\":3600}";
  private static final TestCertificates CA = TestCertificates.authority("Custom Auth Test CA");

  @TempDir Path dir;
  private final ExchangeHarness harness = new ExchangeHarness();
  private FakeProvider provider;

  @AfterEach
  void stop() {
    if (provider != null) {
      provider.close();
    }
    harness.close();
  }

  private Map<String, Object> configFor(FakeProvider server) {
    server.answer("/token", json(OK));
    return Configs.custom(server.url("/token"));
  }

  @Test
  void trustsTheCaOfTrustedCertificates() {
    provider = FakeProvider.https(CA.serverFor("127.0.0.1"));
    Map<String, Object> config = configFor(provider);
    config.put("trustedCertificates", CA.writePem(dir.resolve("ca.pem")).toString());

    assertThat(harness.fetch(config).token()).isEqualTo("t");
  }

  @Test
  void anUntrustedCertificateIsATlsFailureAndNotRetried() {
    provider = FakeProvider.https(CA.serverFor("127.0.0.1"));

    AuthException e = harness.failure(configFor(provider));

    assertThat(e.code()).isEqualTo(ErrorCode.TLS_FAILURE);
    assertThat(harness.waits).isEmpty();
  }

  @Test
  void aCertificateForAnotherHostIsATlsFailure() {
    provider = FakeProvider.https(CA.serverFor("wrong.example"));
    Map<String, Object> config = configFor(provider);
    config.put("trustedCertificates", CA.writePem(dir.resolve("ca.pem")).toString());

    AuthException e = harness.failure(config);

    assertThat(e.code()).isEqualTo(ErrorCode.TLS_FAILURE);
    assertThat(provider.requests("/token")).isEmpty();
  }

  @Test
  void aCaFromAnotherAuthorityDoesNotHelp() {
    provider = FakeProvider.https(CA.serverFor("127.0.0.1"));
    Map<String, Object> config = configFor(provider);
    TestCertificates other = TestCertificates.authority("Another CA");
    config.put("trustedCertificates", other.writePem(dir.resolve("other.pem")).toString());

    assertThat(harness.failure(config).code()).isEqualTo(ErrorCode.TLS_FAILURE);
  }

  @Test
  void aMissingPemFileIsAConfigError() {
    Map<String, Object> config = Configs.custom("https://127.0.0.1:9/token");
    config.put("trustedCertificates", dir.resolve("missing.pem").toString());

    AuthException e = harness.failure(config);

    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(e.violations()).extracting(v -> v.path()).containsExactly("trustedCertificates");
  }

  @Test
  void aFileWithoutCertificatesIsAConfigError() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
    Map<String, Object> config = Configs.custom("https://127.0.0.1:9/token");
    config.put("trustedCertificates", empty.toString());

    assertThat(harness.failure(config).code()).isEqualTo(ErrorCode.CONFIG_INVALID);
  }
}
