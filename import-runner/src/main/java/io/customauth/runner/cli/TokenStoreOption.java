package io.customauth.runner.cli;

import io.customauth.runner.tokenstore.StoreAddress;
import io.customauth.runner.tokenstore.StoreSettings;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --token-store URL} (or {@code IMPORT_RUNNER_TOKEN_STORE}) with {@code
 * IMPORT_RUNNER_TOKEN_STORE_SECRET}, for the commands that fetch tokens: add it as a
 * {@code @Mixin}. PRODUCT.md section 8.
 */
public final class TokenStoreOption {
  public static final String URL_VARIABLE = "IMPORT_RUNNER_TOKEN_STORE";
  public static final String SECRET_VARIABLE = "IMPORT_RUNNER_TOKEN_STORE_SECRET";

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--token-store",
      paramLabel = "URL",
      description =
          "Share tokens with other runners through this Redis:"
              + " redis://[user:password@]host:port[/db] or rediss:// (default: $"
              + URL_VARIABLE
              + "). Needs $"
              + SECRET_VARIABLE
              + ", which encrypts them.")
  private String url;

  /**
   * The store asked for, checked; empty when none is.
   *
   * @throws ParameterException a usage error (exit 2) for a bad URL or a missing or short secret,
   *     never quoting the URL, which may hold a password
   */
  Optional<StoreSettings> settings(RunnerEnvironment environment) {
    String given =
        url != null
            ? url
            : environment.environment().apply(URL_VARIABLE).filter(v -> !v.isBlank()).orElse(null);
    if (given == null) {
      return Optional.empty();
    }
    String source = url != null ? "--token-store" : URL_VARIABLE;
    StoreAddress address;
    try {
      address = StoreAddress.parse(given);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), source + " " + e.getMessage());
    }
    String secret = environment.environment().apply(SECRET_VARIABLE).orElse("");
    if (secret.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "a token store needs "
              + SECRET_VARIABLE
              + " to encrypt the tokens in it: set it to the same random value on every runner"
              + " that shares the store (e.g. openssl rand -base64 32)");
    }
    if (secret.length() < 16) {
      throw new ParameterException(
          spec.commandLine(),
          SECRET_VARIABLE + " must be at least 16 characters (e.g. openssl rand -base64 32)");
    }
    return Optional.of(new StoreSettings(address, secret));
  }
}
