package io.customauth.plugin.custom.config;

import jakarta.validation.constraints.NotNull;

/**
 * The {@code basicAuth} block: {@code Authorization: Basic base64(utf8(username:password))} on the
 * token call (RFC 7617), as many providers require for {@code client_secret_basic}. Either part may
 * be a {@code ${env:…}}/{@code ${file:…}} reference; both are checked again once resolved.
 *
 * @param username may not contain a colon: the first colon separates it from the password
 * @param password any characters but control characters, colons and non-ASCII included
 */
@ValidBasicAuth
public record BasicAuth(
    @NotNull(message = "is required") String username,
    @NotNull(message = "is required") String password) {

  /** Both parts may be secrets (a username is often a client id): neither is shown. */
  @Override
  public String toString() {
    return "BasicAuth[username=[REDACTED], password=[REDACTED]]";
  }
}
