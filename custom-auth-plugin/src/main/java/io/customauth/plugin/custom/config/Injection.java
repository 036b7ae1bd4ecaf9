package io.customauth.plugin.custom.config;

import jakarta.validation.constraints.Pattern;
import java.util.Optional;

/**
 * Where the token goes on each upload request: the {@code inject} block of the auth config.
 *
 * <p>Two shapes, exactly one of {@code header} and {@code queryParameter}:
 *
 * <ul>
 *   <li>{@code {"header": "X-Api-Key", "prefix": ""}}: the header {@code X-Api-Key} carries the
 *       prefix followed by the token. {@code prefix} is optional and defaults to empty.
 *   <li>{@code {"queryParameter": "access_token"}}: the token is added as that query parameter.
 * </ul>
 *
 * <p>When {@code inject} is absent the token goes into {@code Authorization: Bearer <token>}
 * ({@link #DEFAULT}).
 */
@ValidInjection
public record Injection(
    @Pattern(regexp = HTTP_TOKEN, message = "must be a valid HTTP header name") String header,
    String prefix,
    @Pattern(regexp = ".*\\S.*", message = "must not be blank") String queryParameter) {

  /** RFC 9110 {@code token}: the characters a header name may have. */
  static final String HTTP_TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

  /** {@code Authorization: Bearer <token>}. */
  public static final Injection DEFAULT = new Injection("Authorization", "Bearer ", null);

  /** The header name, when the token goes into a header. */
  public Optional<String> headerName() {
    return Optional.ofNullable(header);
  }

  /** The text before the token in the header; empty unless configured. */
  public String headerPrefix() {
    return prefix == null ? "" : prefix;
  }

  /** The query parameter name, when the token goes into the query. */
  public Optional<String> queryParameterName() {
    return Optional.ofNullable(queryParameter);
  }
}
