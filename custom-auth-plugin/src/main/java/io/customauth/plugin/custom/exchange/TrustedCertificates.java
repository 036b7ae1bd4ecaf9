package io.customauth.plugin.custom.exchange;

import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS context of the token call: the JDK's default trust, plus the CAs of the {@code
 * trustedCertificates} PEM file when one is configured. Validation is never relaxed: an extra CA
 * only adds an anchor, certificate chains and host names are still checked.
 */
public final class TrustedCertificates {
  private static final String FIELD = "trustedCertificates";

  /** The largest PEM file read; a bundle of every public CA is about 200 KiB. */
  static final int MAX_PEM_BYTES = 1 << 20;

  private TrustedCertificates() {}

  /**
   * @param pem the resolved path of the PEM file, if configured
   * @throws AuthException {@code CONFIG_INVALID} when the file cannot be read or holds no
   *     certificate
   */
  public static SSLContext sslContext(Optional<Path> pem) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      if (pem.isEmpty()) {
        context.init(null, null, null);
        return context;
      }
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int index = 0;
      for (X509Certificate certificate : jdkDefaultAnchors()) {
        anchors.setCertificateEntry("jdk-" + index++, certificate);
      }
      for (Certificate certificate : read(pem.get())) {
        anchors.setCertificateEntry("configured-" + index++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JDK cannot set up TLS", e);
    }
  }

  private static Collection<? extends Certificate> read(Path pem) {
    // A regular file only: a FIFO or a device would block or never end.
    if (!Files.isRegularFile(pem)) {
      throw invalid(
          Files.exists(pem)
              ? "must name a regular file of PEM certificates"
              : "names a file that does not exist: " + pem);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(pem)) {
      bytes = in.readNBytes(MAX_PEM_BYTES + 1);
    } catch (IOException e) {
      throw invalid("cannot be read; it must name a readable PEM file");
    }
    if (bytes.length > MAX_PEM_BYTES) {
      throw invalid("names a file larger than 1 MiB, too large for a PEM file of CA certificates");
    }
    Collection<? extends Certificate> certificates;
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw invalid("cannot be read; it must name a readable PEM file");
    } catch (CertificateException e) {
      throw invalid("is not a PEM file of X.509 certificates");
    }
    if (certificates.isEmpty()) {
      throw invalid("holds no certificate");
    }
    return certificates;
  }

  private static List<X509Certificate> jdkDefaultAnchors() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return List.of(x509.getAcceptedIssuers());
      }
    }
    return List.of();
  }

  private static AuthException invalid(String message) {
    return AuthException.invalidConfig(List.of(new ConfigViolation(FIELD, message)));
  }
}
