package io.customauth.plugin.custom.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hc.core5.http.HttpEntity;

/**
 * The error codes of RFC 6749 section 5.2 that a token endpoint puts in the {@code error} member of
 * a 4xx answer. They tell the user what to fix, so the message names them; nothing else of the
 * answer is ever shown ({@code error_description} and other {@code error} values are free text from
 * the provider, which may echo what was sent).
 */
enum OAuthError {
  INVALID_REQUEST(
      "invalid_request",
      "the request is missing a parameter, repeats one, or is otherwise malformed"),
  INVALID_CLIENT(
      "invalid_client",
      "client authentication failed: an unknown client, no client authentication, or a method"
          + " the provider does not accept (basicAuth or client_secret in the body)"),
  INVALID_GRANT(
      "invalid_grant",
      "the grant (refresh token, code or credentials) is invalid, expired or revoked, or was"
          + " issued to another client"),
  UNAUTHORIZED_CLIENT("unauthorized_client", "the client is not allowed to use this grant type"),
  UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", "the provider does not support this grant_type"),
  INVALID_SCOPE(
      "invalid_scope",
      "the requested scope is invalid, unknown or malformed, or more than the client may have");

  /** An error answer is small; more than this is not read. */
  private static final int MAX_BYTES = 64 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String code;
  private final String meaning;

  OAuthError(String code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** {@code invalid_grant: the grant … is invalid …}. */
  String describe() {
    return code + ": " + meaning;
  }

  /**
   * The RFC 6749 code of an answer whose body is a JSON object with such an {@code error}; empty
   * for anything else, including an answer that cannot be read or is too large.
   */
  static Optional<OAuthError> of(HttpEntity entity) {
    if (entity == null) {
      return Optional.empty();
    }
    try (InputStream in = entity.getContent()) {
      byte[] body = in.readNBytes(MAX_BYTES + 1);
      if (body.length > MAX_BYTES) {
        return Optional.empty();
      }
      JsonNode error = MAPPER.readTree(body).path("error");
      return Arrays.stream(values())
          .filter(e -> error.isTextual() && e.code.equals(error.textValue()))
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the refusal is reported by its status alone
    }
  }
}
