package io.customauth.runner.imports;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Import ids: {@code imp-} and 12 lowercase base32 characters (60 random bits), URL- and file-safe.
 */
public final class ImportIds {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final Pattern VALID = Pattern.compile("imp-[a-z2-7]{12}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ImportIds() {}

  public static String newId() {
    StringBuilder id = new StringBuilder("imp-");
    for (int i = 0; i < 12; i++) {
      id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return id.toString();
  }

  /** Whether {@code id} has the shape of an import id; also keeps it from naming another path. */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}
