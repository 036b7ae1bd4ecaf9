package io.customauth.spi;

/**
 * Stable, machine-readable reasons an auth operation failed. The names are part of the public
 * contract (they appear in {@code --json} output): they are never renamed or removed, only added.
 */
public enum ErrorCode {
  CONFIG_INVALID("fix the named fields"),
  BAD_REQUEST("verify query/body keys match the provider's spec"),
  INVALID_CREDENTIALS("ensure secrets and scopes are correct"),
  NOT_JSON("ensure the endpoint returns application/json"),
  TOKEN_KEY_MISSING("check the token key name"),
  EXPIRY_KEY_MISSING("check the expiry key name"),
  EXPIRY_INVALID("check expiry field name & type"),
  ENDPOINT_UNAVAILABLE("check the URL and the provider's status"),
  TLS_FAILURE("trust the provider's CA with trustedCertificates"),
  RESPONSE_TOO_LARGE("the URL probably points at the wrong endpoint"),
  /** The token has characters that cannot be sent in a header: see {@link OutgoingRequest}. */
  TOKEN_UNUSABLE("check the token key name; ask the provider");

  private final String hint;

  ErrorCode(String hint) {
    this.hint = hint;
  }

  /** What the user should do about it, from the product's troubleshooting table. */
  public String hint() {
    return hint;
  }
}
