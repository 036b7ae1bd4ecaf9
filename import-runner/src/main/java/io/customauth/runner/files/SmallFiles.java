package io.customauth.runner.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Reads small configuration files (connector files, {@code ${file:…}} secrets) with a bound on
 * their size, refusing anything that is not a regular file: a FIFO or a device would block or never
 * end, and a huge file would exhaust memory. Stateless and thread-safe.
 */
public final class SmallFiles {
  private SmallFiles() {}

  /**
   * Why a file was refused, as a phrase that follows the file's name, e.g. {@code does not exist},
   * {@code is a FIFO, not a regular file}. Never contains the file's content.
   */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason);
    }

    /** The phrase, e.g. {@code is a directory}. */
    public String reason() {
      return getMessage();
    }
  }

  /**
   * The bytes of {@code file}, following symbolic links.
   *
   * @param maxBytes the largest size accepted, in bytes
   * @param limitRule said after the size of a file that is too large, e.g. {@code a referenced file
   *     may hold at most 64 KiB}
   * @throws Refused when the file does not exist, is not a regular file, is larger than {@code
   *     maxBytes} (also when it grew while being read) or cannot be read
   */
  public static byte[] read(Path file, int maxBytes, String limitRule) throws Refused {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new Refused("does not exist");
    } catch (IOException | SecurityException e) {
      throw new Refused("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (attributes.isDirectory()) {
      throw new Refused("is a directory, not a file");
    }
    if (!attributes.isRegularFile()) {
      throw new Refused("is " + kindOf(file) + ", not a regular file");
    }
    if (attributes.size() > maxBytes) {
      throw new Refused("is " + size(attributes.size()) + "; " + limitRule);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(maxBytes + 1);
      if (content.length > maxBytes) {
        throw new Refused("is larger than " + size(maxBytes) + "; " + limitRule);
      }
      return content;
    } catch (NoSuchFileException e) {
      throw new Refused("does not exist");
    } catch (AccessDeniedException e) {
      throw new Refused("cannot be read: permission denied");
    } catch (IOException | SecurityException e) {
      throw new Refused("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** {@link #read} decoded as UTF-8; malformed UTF-8 is refused, not replaced. */
  public static String readUtf8(Path file, int maxBytes, String limitRule) throws Refused {
    byte[] bytes = read(file, maxBytes, limitRule);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Refused("is not valid UTF-8 text");
    }
  }

  /** A size as people read it: {@code 512 bytes}, {@code 80 KiB}, {@code 1.5 MiB}, rounded up. */
  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    if (bytes < 1024 * 1024) {
      return ceilDiv(bytes, 1024) + " KiB";
    }
    long tenths = ceilDiv(bytes * 10, 1024 * 1024);
    return tenths % 10 == 0
        ? tenths / 10 + " MiB"
        : String.format(Locale.ROOT, "%d.%d MiB", tenths / 10, tenths % 10);
  }

  private static long ceilDiv(long dividend, long divisor) {
    return -Math.floorDiv(-dividend, divisor);
  }

  /** What a non-regular, non-directory file is, from its Unix mode where the platform has one. */
  private static String kindOf(Path file) {
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode");
      return switch (mode & 0170000) {
        case 0010000 -> "a FIFO";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }
}
