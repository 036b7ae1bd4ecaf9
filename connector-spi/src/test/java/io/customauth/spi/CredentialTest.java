package io.customauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CredentialTest {
  private static final Instant EXPIRES = Instant.parse("2026-11-28T12:00:00Z");
  private static final Instant REFRESH = Instant.parse("2026-11-28T11:59:00Z");

  @Test
  void fingerprintIsSha256PrefixAndFirstSixteenHexDigitsOfTheToken() {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    assertThat(new Credential("abc", EXPIRES, REFRESH).fingerprint())
        .isEqualTo("sha256:ba7816bf8f01cfea");
  }

  @Test
  void fingerprintHashesUtf8Bytes() {
    assertThat(Credential.fingerprint("ü€")).isNotEqualTo(Credential.fingerprint("??"));
    assertThat(Credential.fingerprint("ü€")).matches("sha256:[0-9a-f]{16}");
  }

  @Test
  void toStringNeverShowsTheToken() {
    Credential credential = new Credential("s3cr3t-token-value", EXPIRES, REFRESH);

    assertThat(credential.toString())
        .doesNotContain("s3cr3t-token-value")
        .contains("[REDACTED]", credential.fingerprint(), EXPIRES.toString());
  }

  @Test
  void anEmptyTokenIsRefused() {
    assertThatThrownBy(() -> new Credential("", EXPIRES, REFRESH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
  }

  @Test
  void refreshAfterExpiryIsRefused() {
    assertThatThrownBy(() -> new Credential("t", REFRESH, EXPIRES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refreshAt");
  }

  @Test
  void aNonExpiringCredentialHasNeitherExpiryNorRefreshTime() {
    Credential credential = Credential.nonExpiring("t");

    assertThat(credential.expiry()).isEmpty();
    assertThat(credential.refreshTime()).isEmpty();
    assertThat(credential.expiresAt()).isNull();
    assertThat(credential.refreshAt()).isNull();
  }

  @Test
  void anExpiringCredentialHasItsExpiryAndRefreshTime() {
    Credential credential = new Credential("t", EXPIRES, REFRESH);

    assertThat(credential.expiry()).contains(EXPIRES);
    assertThat(credential.refreshTime()).contains(REFRESH);
  }

  @Test
  void aNonExpiringCredentialPrintsNever() {
    assertThat(Credential.nonExpiring("s3cr3t").toString())
        .doesNotContain("s3cr3t")
        .contains("expiresAt=never", "refreshAt=never");
  }

  @Test
  void aNonExpiringCredentialStillNeedsAToken() {
    assertThatThrownBy(() -> Credential.nonExpiring(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Credential.nonExpiring(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aRefreshTimeWithoutExpiryIsRefused() {
    assertThatThrownBy(() -> new Credential("t", EXPIRES, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("refreshAt");
  }

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> new Credential("t", null, REFRESH))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("expiresAt");
  }
}
