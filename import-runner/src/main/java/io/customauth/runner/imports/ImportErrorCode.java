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
  INTERRUPTED("resume the import with its id"),
  /** A plugin's code threw or broke its contract; the message names the plugin. */
  PLUGIN_FAILURE("the plugin failed, not your connector file; report it to the plugin's author"),
  /** Another process holds the import's journal. */
  IMPORT_LOCKED("wait for the other process to finish, or stop it, then resume"),
  /** The runner ran out of memory during the import; the message names what it was doing. */
  OUT_OF_MEMORY("give the runner more memory (e.g. JAVA_OPTS=-Xmx2g), then resume the import"),
  /** An import ended without an error, yet not every record read was acknowledged. */
  INCOMPLETE("resume the import with its id"),
  /** A failure of no known kind; the message names what was being done and the failure's class. */
  UNEXPECTED("this is a bug in import-runner or a plugin; please report it");

  private final String hint;

  ImportErrorCode(String hint) {
    this.hint = hint;
  }

  public String hint() {
    return hint;
  }
}
