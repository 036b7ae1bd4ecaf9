package io.customauth.runner.imports.input;

import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening input files the same way for every format: UTF-8, strict, buffered. */
final class InputFiles {
  private InputFiles() {}

  /** A strict UTF-8 reader: bytes that are not UTF-8 are an error rather than silently replaced. */
  static Reader openReader(Path file) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      InputStream in = Files.newInputStream(file);
      return new java.io.BufferedReader(new java.io.InputStreamReader(in, decoder), 64 * 1024);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * The file's bytes, for parsers that decode UTF-8 themselves (Jackson's own decoder is much
   * faster than the JDK's Reader, and reports malformed bytes as {@link
   * java.io.CharConversionException}).
   */
  static InputStream openStream(Path file) {
    try {
      return new java.io.BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  static ImportException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new ImportException(ImportErrorCode.INPUT_UNREADABLE, file + ": no such file", e);
    }
    if (e instanceof java.nio.charset.CharacterCodingException
        || e instanceof java.io.CharConversionException) {
      return new ImportException(ImportErrorCode.INPUT_INVALID, file + ": not valid UTF-8", e);
    }
    return new ImportException(
        ImportErrorCode.INPUT_UNREADABLE,
        file + ": cannot be read (" + e.getClass().getSimpleName() + ")",
        e);
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // A reader that fails to close has nothing left to tell us; the import's outcome stands.
    }
  }
}
