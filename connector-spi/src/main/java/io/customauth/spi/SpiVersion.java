package io.customauth.spi;

import static java.util.Objects.requireNonNull;

/**
 * The version of this SPI, {@code MAJOR.MINOR}. The minor version grows with every release that
 * adds types or {@code default} methods; the major version would grow only with a breaking change,
 * which the build forbids. SPI 1.0 is the API released as {@code connector-spi} 0.1.0; SPI 1.1 adds
 * {@link OutgoingRequest}'s read view, {@link Rejection}, {@link ConfigDescription}, {@link
 * AuthContext#resolvePath} and this class.
 *
 * <p>The SPI jar's manifest carries the same version as {@code Specification-Version} and {@code
 * Implementation-Version}. A plugin that needs a newer SPI than 1.0 says so in the main section of
 * its jar's manifest, e.g. {@code Custom-Auth-Spi-Version: 1.1} ({@link #MANIFEST_ATTRIBUTE}); a
 * host with an older SPI skips such a plugin and says why, instead of failing later with a {@link
 * LinkageError}. Not instantiable; thread-safe.
 */
public final class SpiVersion {
  /**
   * The version this SPI was compiled as. A compile-time constant: a plugin that reads it sees the
   * version it was compiled against, not the host's; call {@link #current()} for the host's.
   */
  public static final String CURRENT = "1.1";

  /** The manifest attribute in which a plugin jar names the oldest SPI version it works with. */
  public static final String MANIFEST_ATTRIBUTE = "Custom-Auth-Spi-Version";

  private SpiVersion() {}

  /** The version of the SPI classes loaded at run time, which the host provides. */
  public static String current() {
    return CURRENT;
  }

  /**
   * Compares two versions {@code MAJOR.MINOR} numerically ({@code 1.10} is after {@code 1.9}); a
   * missing minor counts as 0.
   *
   * @return negative, zero or positive as {@code a} is before, equal to or after {@code b}
   * @throws IllegalArgumentException when either is not one or two dot-separated numbers
   */
  public static int compare(String a, String b) {
    int[] left = parse(a);
    int[] right = parse(b);
    int major = Integer.compare(left[0], right[0]);
    return major != 0 ? major : Integer.compare(left[1], right[1]);
  }

  /** Whether a plugin needing SPI {@code required} works with {@link #current()}. */
  public static boolean supports(String required) {
    return compare(required, current()) <= 0;
  }

  private static int[] parse(String version) {
    requireNonNull(version, "version");
    String text = version.strip();
    if (!text.matches("\\d{1,6}(\\.\\d{1,6})?")) {
      throw new IllegalArgumentException(
          "a SPI version is MAJOR.MINOR, such as 1.1, not '" + printable(text) + "'");
    }
    int dot = text.indexOf('.');
    return dot < 0
        ? new int[] {Integer.parseInt(text), 0}
        : new int[] {
          Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1))
        };
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(40).forEach(c -> out.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
    return out.toString();
  }
}
