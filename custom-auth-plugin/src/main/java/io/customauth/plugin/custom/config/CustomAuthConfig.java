package io.customauth.plugin.custom.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param headers rows sent as headers of the token request, in order
 * @param jsonBody any JSON object sent as the body; every string in it may be a reference
 * @param basicAuth sent as {@code Authorization: Basic …} on the token request
 * @param timeoutSeconds connect and response timeout; fractions allowed (e.g. {@code 0.5})
 * @param trustedCertificates path of a PEM file of extra CA certificates, trusted in addition to
 *     the JDK's
 */
@BodyOnlyWithPost
@OneBody
@ValidRequestHeaders
@ExpiryFitsType
@TokenKeyFitsSource
public record CustomAuthConfig(
    @NotNull(message = "is required") @OneOf({"custom"}) String type,
    @NotNull(message = "is required") @OneOf({"GET", "POST"}) String method,
    @NotBlank(message = "is required") @AuthenticationUrl String authenticationUrl,
    List<@Valid KeyValue> queryParameters,
    List<@Valid KeyValue> headers,
    List<@Valid KeyValue> requestBody,
    Map<String, Object> jsonBody,
    @Valid BasicAuth basicAuth,
    @OneOf({"body", "header", "cookie"}) String tokenFrom,
    @NotBlank(message = "is required") String tokenKeyName,
    String expiryKeyName,
    @NotNull(message = "is required")
        @OneOf({
          "datetime",
          "seconds",
          "milliseconds",
          "epochSeconds",
          "epochMilliseconds",
          "jwt",
          "none"
        })
        String expiryType,
    @Positive(message = "must be more than 0")
        @Max(value = MAX_LIFETIME_SECONDS, message = "must be at most 315532800 (10 years)")
        Long defaultLifetimeSeconds,
    @PositiveOrZero(message = "must be 0 or more") Long safetyWindowSeconds,
    @Positive(message = "must be more than 0") Double timeoutSeconds,
    @Min(value = 1, message = "must be between 1 and 10")
        @Max(value = 10, message = "must be between 1 and 10")
        Integer maxAttempts,
    @Valid Injection inject,
    @Pattern(regexp = ".*\\S.*", message = "must not be blank") String trustedCertificates) {

  public static final long DEFAULT_SAFETY_WINDOW_SECONDS = 60;
  public static final double DEFAULT_TIMEOUT_SECONDS = 30;
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** Ten years: no token lifetime is longer (see ExpiryParser.MAX_LIFETIME). */
  public static final long MAX_LIFETIME_SECONDS = 315_532_800L;

  public CustomAuthConfig {
    queryParameters = queryParameters == null ? List.of() : List.copyOf(queryParameters);
    headers = headers == null ? List.of() : List.copyOf(headers);
    requestBody = requestBody == null ? List.of() : List.copyOf(requestBody);
    // Not copied: a JSON null inside is a value to send, which Map.copyOf refuses.
    jsonBody = jsonBody == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(jsonBody));
    safetyWindowSeconds =
        safetyWindowSeconds == null ? DEFAULT_SAFETY_WINDOW_SECONDS : safetyWindowSeconds;
    timeoutSeconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    maxAttempts = maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
    tokenFrom = tokenFrom == null ? TokenFrom.BODY.configName() : tokenFrom;
    inject = inject == null ? Injection.DEFAULT : inject;
  }

  /** The parsed {@link #expiryType}; present once the config is valid. */
  public ExpiryType expiryKind() {
    return ExpiryType.fromConfigName(expiryType)
        .orElseThrow(() -> new IllegalStateException("expiryType was not validated"));
  }

  /** The parsed {@link #tokenFrom}; present once the config is valid. */
  public TokenFrom tokenSource() {
    return TokenFrom.fromConfigName(tokenFrom)
        .orElseThrow(() -> new IllegalStateException("tokenFrom was not validated"));
  }

  /**
   * With {@code none}: the age at which a token is refreshed. Otherwise: the lifetime assumed when
   * the answer has no expiry at all (RFC 6749 makes {@code expires_in} only recommended).
   */
  public Optional<Duration> defaultLifetime() {
    return Optional.ofNullable(defaultLifetimeSeconds).map(Duration::ofSeconds);
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

  /** The rows sent as headers, in order: rows with an empty key are dropped. */
  public List<KeyValue> sentHeaders() {
    return headers.stream().filter(KeyValue::isSent).toList();
  }

  public Optional<Map<String, Object>> json() {
    return Optional.ofNullable(jsonBody);
  }

  public Optional<BasicAuth> basic() {
    return Optional.ofNullable(basicAuth);
  }

  public Optional<String> trustedCertificatesPath() {
    return Optional.ofNullable(trustedCertificates);
  }

  /**
   * Redacts every value that may be secret: row values, the URL's query, the whole JSON body (any
   * string in it may be a secret) and both parts of {@code basicAuth}.
   */
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
        + ", headers="
        + headers
        + ", requestBody="
        + requestBody
        + ", jsonBody="
        + (jsonBody == null ? null : "[REDACTED]")
        + ", basicAuth="
        + basicAuth
        + ", tokenFrom="
        + tokenFrom
        + ", tokenKeyName="
        + tokenKeyName
        + ", expiryKeyName="
        + expiryKeyName
        + ", expiryType="
        + expiryType
        + ", defaultLifetimeSeconds="
        + defaultLifetimeSeconds
        + ", safetyWindowSeconds="
        + safetyWindowSeconds
        + ", timeoutSeconds="
        + timeoutSeconds
        + ", maxAttempts="
        + maxAttempts
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
