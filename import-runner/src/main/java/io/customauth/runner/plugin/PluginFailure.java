package io.customauth.runner.plugin;

import static java.util.Objects.requireNonNull;

/**
 * A plugin's code failed: it threw where the SPI allows no exception (any {@link Throwable} from
 * {@code validate}, any but {@link io.customauth.spi.AuthException} from {@code create} or a
 * strategy), or returned {@code null} where the SPI forbids one. The user's connector file is not
 * at fault.
 *
 * <p>The message names the plugin's directory, type and version, the call and the class of what it
 * threw; never the thrown exception's message, which may quote a secret. The cause, when there is
 * one, is a {@link RedactedThrowable}: class names and stack frames only.
 */
public final class PluginFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The stable code shown to users, also in {@code --json} output. */
  public static final String CODE = "PLUGIN_FAILURE";

  /** What the user should do about it. */
  public static final String HINT =
      "the plugin failed, not your connector file; report it to the plugin's author";

  PluginFailure(String message, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
  }

  /** {@value #CODE}. */
  public String code() {
    return CODE;
  }

  /** {@value #HINT}. */
  public String hint() {
    return HINT;
  }
}
