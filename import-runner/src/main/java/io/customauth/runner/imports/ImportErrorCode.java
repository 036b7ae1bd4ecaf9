package io.customauth.runner.imports;

/**
 * Why an import stopped, for reasons that are about the import rather than the token exchange
 * (those keep the SPI's {@link io.customauth.spi.ErrorCode} names). Stable: the names appear in
 * {@code --json} output.
 */
public enum ImportErrorCode {
  INPUT_INVALID("fix the named line of the input file, then start a new import"),
  INPUT_UNREADABLE("check that the input file exists and can be read"),
  INPUT_CHANGED("an input file changed since the import started; start a new import"),
  UPLOAD_REJECTED(
      "the upload endpoint refused a batch; fix the cause on the provider's side, then resume"),
  STATE_INVALID("check the import id and the state directory"),
  INTERRUPTED("resume the import with its id");

  private final String hint;

  ImportErrorCode(String hint) {
    this.hint = hint;
  }

  public String hint() {
    return hint;
  }
}
