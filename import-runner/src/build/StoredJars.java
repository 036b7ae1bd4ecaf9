import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites every {@code *.jar} of a directory with its entries stored instead of deflated: the same
 * entries, in the same order, with the same bytes and times. Run by the build on the distribution's
 * plugin directories ({@code java src/build/StoredJars.java DIR}).
 *
 * <p>Why: a plugin's classes are defined by its own class loader, and the JVM reads each class
 * file's bytes from the jar even when the class-data archive holds the class (JDK 17 checks a class
 * of a non-built-in loader against its bytes' size and CRC). Inflating those bytes was a tenth of
 * the CPU of {@code validate} and {@code auth-test} (BENCHMARKS.md). Classes of {@code lib/} come
 * from the archive without their bytes, so only plugin jars are rewritten.
 *
 * <p>A jar that cannot be rewritten fails the build; one already stored is left as it is.
 */
public final class StoredJars {
  private StoredJars() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
      throw new IllegalArgumentException("usage: java StoredJars.java DIRECTORY_OF_JARS");
    }
    int rewritten = 0;
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
      for (Path jar : jars) {
        try {
          if (store(jar)) {
            rewritten++;
          }
        } catch (IOException e) {
          throw new IOException(jar + " cannot be rewritten stored: " + e, e);
        }
      }
    }
    System.out.println("StoredJars: " + rewritten + " jar(s) rewritten stored in " + args[0]);
  }

  /** Rewrites {@code jar} stored, through a temporary file beside it; false if nothing to do. */
  static boolean store(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      if (zip.stream().allMatch(entry -> entry.getMethod() == ZipEntry.STORED)) {
        return false;
      }
      Path temporary = jar.resolveSibling(jar.getFileName() + ".stored");
      try (OutputStream file = Files.newOutputStream(temporary);
          ZipOutputStream out = new ZipOutputStream(file)) {
        out.setMethod(ZipOutputStream.STORED);
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
          ZipEntry entry = entries.nextElement();
          byte[] content;
          try (InputStream in = zip.getInputStream(entry)) {
            content = in.readAllBytes();
          }
          CRC32 crc = new CRC32();
          crc.update(content);
          if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
            throw new IOException(jar + ": entry " + entry.getName() + " fails its CRC check");
          }
          ZipEntry stored = new ZipEntry(entry.getName());
          stored.setMethod(ZipEntry.STORED);
          stored.setSize(content.length);
          stored.setCompressedSize(content.length);
          stored.setCrc(crc.getValue());
          stored.setTime(entry.getTime());
          if (entry.getComment() != null) {
            stored.setComment(entry.getComment());
          }
          out.putNextEntry(stored);
          out.write(content);
          out.closeEntry();
        }
        if (zip.getComment() != null) {
          out.setComment(zip.getComment());
        }
      }
      Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING);
      return true;
    }
  }
}
