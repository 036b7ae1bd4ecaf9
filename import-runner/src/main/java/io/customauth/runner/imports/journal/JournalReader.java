package io.customauth.runner.imports.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import io.customauth.runner.imports.journal.JournalCodec.Decoded;
import io.customauth.runner.imports.journal.JournalCodec.Line;
import io.customauth.runner.imports.journal.JournalCodec.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a journal as a stream, one line at a time, into its header and the set of acknowledged
 * batches.
 *
 * <p>What it forgives: a damaged line after the header (torn by a crash, failing its checksum,
 * garbage) loses at most that line's acknowledgement, whose batch is then sent again under the same
 * key. A damaged line followed by good ones is skipped and reported in {@link Scan#warnings()}; the
 * damaged lines after the last good one are the torn tail of a crash, which {@link
 * Scan#validLength()} leaves out so that a writer cuts them off. What it refuses: a missing,
 * damaged or unknown header.
 */
final class JournalReader {
  /** Header lines name every input file; a few MiB allow thousands of long paths. */
  static final int MAX_HEADER_BYTES = 16 * 1024 * 1024;

  /** Other lines are a few dozen bytes; anything much longer is not one of ours. */
  static final int MAX_ENTRY_BYTES = 64 * 1024;

  /** Damaged lines named one by one; beyond this, counted. */
  private static final int WARNINGS_NAMED = 5;

  private JournalReader() {}

  /**
   * @param acknowledged the acknowledged batches; memory grows with their gaps only
   * @param damagedLines skipped lines before the last good one (the torn tail is not counted)
   * @param warnings what to tell the user about them, at most {@value #WARNINGS_NAMED} + 1 lines
   * @param validLength the offset just past the last good line
   */
  record Scan(
      JournalHeader header,
      AcknowledgedBatches acknowledged,
      Optional<ImportJournal.Completion> completion,
      long damagedLines,
      List<String> warnings,
      long validLength) {}

  /**
   * @throws ImportException {@link ImportErrorCode#STATE_INVALID} when there is no journal at
   *     {@code path}, it cannot be read, or its header is missing, damaged or of an unknown version
   */
  static Scan scan(Path path) {
    try (InputStream in = open(path)) {
      LineReader lines = new LineReader(in);
      Line first = lines.next(MAX_HEADER_BYTES);
      JournalHeader header = header(path, first);
      AcknowledgedBatches acknowledged = new AcknowledgedBatches(header.files().size());
      Optional<ImportJournal.Completion> completion = Optional.empty();
      long validLength = first.end();
      List<String> named = new ArrayList<>();
      long damaged = 0;
      // Damaged lines since the last good one: skipped if a good line follows, else the torn tail.
      List<String> pendingNamed = new ArrayList<>();
      long pending = 0;
      Line line;
      while ((line = lines.next(MAX_ENTRY_BYTES)) != null) {
        Decoded decoded = JournalCodec.decode(line);
        String problem = apply(decoded, acknowledged);
        if (problem == null && completion.isEmpty()) {
          completion = completionOf(decoded);
        }
        if (problem != null) {
          if (named.size() + pendingNamed.size() < WARNINGS_NAMED) {
            pendingNamed.add(damagedWarning(path, line.number(), problem));
          }
          pending++;
          continue;
        }
        damaged += pending;
        named.addAll(pendingNamed);
        pending = 0;
        pendingNamed.clear();
        validLength = line.end();
      }
      List<String> warnings = new ArrayList<>(named);
      if (damaged > named.size()) {
        warnings.add(
            path
                + ": "
                + (damaged - named.size())
                + " more damaged lines were skipped the same way ("
                + damaged
                + " in all)");
      }
      return new Scan(header, acknowledged, completion, damaged, warnings, validLength);
    } catch (IOException e) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID,
          "cannot read the journal " + path + " (" + e.getClass().getSimpleName() + ")",
          e);
    }
  }

  /** Only the header, without reading further. */
  static JournalHeader header(Path path) {
    try (InputStream in = open(path)) {
      return header(path, new LineReader(in).next(MAX_HEADER_BYTES));
    } catch (IOException e) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID,
          "cannot read the journal " + path + " (" + e.getClass().getSimpleName() + ")",
          e);
    }
  }

  private static InputStream open(Path path) throws IOException {
    try {
      return Files.newInputStream(path); // LineReader buffers
    } catch (NoSuchFileException e) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID,
          "no journal for this import at " + path + ImportJournal.NO_JOURNAL_ADVICE,
          e);
    }
  }

  private static JournalHeader header(Path path, Line first) {
    if (first == null) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID,
          path + ": the journal is empty; this import cannot be resumed, start a new one");
    }
    Decoded decoded = JournalCodec.decode(first);
    if (!decoded.ok()) {
      throw new ImportException(
          ImportErrorCode.STATE_INVALID,
          path
              + ": the journal header (line 1) is damaged: "
              + decoded.problem()
              + ". Without it nothing can be resumed; start a new import (its batches get new"
              + " idempotency keys, so a receiver cannot tell them from those already sent)");
    }
    return JournalFormat.parseHeader(path, decoded.node());
  }

  /** Applies one entry; returns why it cannot be trusted, or null. */
  private static String apply(Decoded decoded, AcknowledgedBatches acknowledged) {
    if (!decoded.ok()) {
      return decoded.problem();
    }
    JsonNode node = decoded.node();
    String type = node.path("type").asText();
    if (JournalFormat.ACK.equals(type)) {
      JsonNode file = node.path("file");
      JsonNode batch = node.path("batch");
      JsonNode records = node.path("records");
      if (!file.canConvertToInt()
          || !batch.canConvertToLong()
          || !records.canConvertToLong()
          || records.asLong() < 1
          || !acknowledged.inRange(file.asInt(), batch.asLong())) {
        return "its acknowledgement names no batch of this import";
      }
      acknowledged.add(file.asInt(), batch.asLong(), records.asLong());
      return null;
    }
    if (JournalFormat.COMPLETE.equals(type)) {
      try {
        JournalFormat.parseComplete(node);
        return null;
      } catch (RuntimeException e) {
        return "its completion entry is incomplete";
      }
    }
    return "it is an entry of unknown type '" + type + "'";
  }

  private static Optional<ImportJournal.Completion> completionOf(Decoded decoded) {
    return JournalFormat.COMPLETE.equals(decoded.node().path("type").asText())
        ? Optional.of(JournalFormat.parseComplete(decoded.node()))
        : Optional.empty();
  }

  private static String damagedWarning(Path path, long lineNumber, String problem) {
    return path
        + ": line "
        + lineNumber
        + " is damaged ("
        + problem
        + ") and was skipped; if it acknowledged a batch, that batch is sent again with the same"
        + " idempotency key";
  }
}
