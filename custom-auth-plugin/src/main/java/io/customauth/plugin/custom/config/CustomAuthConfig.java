package io.customauth.plugin.custom.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code auth} block of a connector whose type is {@code custom}, as bound by {@link
 * ConfigReader}. See PRODUCT.md section 2 for the meaning of each field.
 *
 * <p>Optional fields get their defaults here. Required fields are {@code null} when missing, which
 * only a config that failed validation can be: {@link ConfigReader#read} never returns one. String
 * values may hold {@code ${env:…}} / {@code ${file:…}} references; they are kept as written and
 * resolved each time the token request is built.
 *
 * @param timeoutSeconds connect and response timeout; fractions allowed (e.g. {@code 0.5})
 * @param trustedCertificates path of a PEM file of extra CA certificates, trusted in addition to
 *     the JDK's
 */
@BodyOnlyWithPost
public record CustomAuthConfig(
    @NotNull(message = "is required") @OneOf({"custom"}) String type,
    @NotNull(message = "is required") @OneOf({"GET", "POST"}) String method,
    @NotBlank(message = "is required") @AuthenticationUrl String authenticationUrl,
    List<@Valid KeyValue> queryParameters,
    List<@Valid KeyValue> requestBody,
    @NotBlank(message = "is required") String tokenKeyName,
    @NotBlank(message = "is required") String expiryKeyName,
    @NotNull(message = "is required") @OneOf({"datetime", "seconds", "milliseconds"})
        String expiryType,
    @PositiveOrZero(message = "must be 0 or more") Long safetyWindowSeconds,
    @Positive(message = "must be more than 0") Double timeoutSeconds,
    @Valid Injection inject,
    @Pattern(regexp = ".*\\S.*", message = "must not be blank") String trustedCertificates) {

  public static final long DEFAULT_SAFETY_WINDOW_SECONDS = 60;
  public static final double DEFAULT_TIMEOUT_SECONDS = 30;

  public CustomAuthConfig {
    queryParameters = queryParameters == null ? List.of() : List.copyOf(queryParameters);
    requestBody = requestBody == null ? List.of() : List.copyOf(requestBody);
    safetyWindowSeconds =
        safetyWindowSeconds == null ? DEFAULT_SAFETY_WINDOW_SECONDS : safetyWindowSeconds;
    timeoutSeconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    inject = inject == null ? Injection.DEFAULT : inject;
  }

  /** The parsed {@link #expiryType}; present once the config is valid. */
  public ExpiryType expiryKind() {
    return ExpiryType.fromConfigName(expiryType)
        .orElseThrow(() -> new IllegalStateException("expiryType was not validated"));
  }

  public Duration safetyWindow() {
    return Duration.ofSeconds(safetyWindowSeconds);
  }

  /** At least one millisecond, so a tiny fraction never means "no timeout". */
  public Duration timeout() {
    return Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
  }

  /** The rows sent as query parameters, in order: rows with an empty key are dropped. */
  public List<KeyValue> sentQueryParameters() {
    return queryParameters.stream().filter(KeyValue::isSent).toList();
  }

  /** The rows sent in the form body, in order: rows with an empty key are dropped. */
  public List<KeyValue> sentRequestBody() {
    return requestBody.stream().filter(KeyValue::isSent).toList();
  }

  public Optional<String> trustedCertificatesPath() {
    return Optional.ofNullable(trustedCertificates);
  }

  /** Redacts every value that may be secret: row values and the URL's query. */
  @Override
  public String toString() {
    return "CustomAuthConfig[type="
        + type
        + ", method="
        + method
        + ", authenticationUrl="
        + redactQuery(authenticationUrl)
        + ", queryParameters="
        + queryParameters
        + ", requestBody="
        + requestBody
        + ", tokenKeyName="
        + tokenKeyName
        + ", expiryKeyName="
        + expiryKeyName
        + ", expiryType="
        + expiryType
        + ", safetyWindowSeconds="
        + safetyWindowSeconds
        + ", timeoutSeconds="
        + timeoutSeconds
        + ", inject="
        + inject
        + ", trustedCertificates="
        + trustedCertificates
        + "]";
  }

  private static String redactQuery(String url) {
    if (url == null) {
      return null;
    }
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?[REDACTED]";
  }
}
