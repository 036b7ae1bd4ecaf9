package io.customauth.runner.imports.journal;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which batches of an import are acknowledged, in memory that grows with the gaps, not the batches.
 *
 * <p>Per input file: a watermark (every batch below it is acknowledged) and the runs of
 * acknowledged batches above it, as {@code [start, end)} ranges. Uploads finish roughly in order,
 * so the watermark follows them and the ranges stay as few as the batches in flight; a skipped
 * journal line costs one gap until its batch is acknowledged again.
 *
 * <p>Not thread-safe: {@link ImportJournal} guards it.
 */
final class AcknowledgedBatches {
  private final PerFile[] files;
  private long batches;
  private long records;

  /**
   * @param fileCount the import's number of input files
   */
  AcknowledgedBatches(int fileCount) {
    files = new PerFile[fileCount];
    for (int i = 0; i < fileCount; i++) {
      files[i] = new PerFile();
    }
  }

  /** Whether {@code fileIndex} and {@code batchIndex} could name a batch of this import. */
  boolean inRange(int fileIndex, long batchIndex) {
    return fileIndex >= 0 && fileIndex < files.length && batchIndex >= 0;
  }

  boolean contains(int fileIndex, long batchIndex) {
    return inRange(fileIndex, batchIndex) && files[fileIndex].contains(batchIndex);
  }

  /**
   * Marks a batch of {@code recordCount} records acknowledged.
   *
   * @return false when it already was (its records are not counted again)
   * @throws IllegalArgumentException when the batch cannot belong to this import
   */
  boolean add(int fileIndex, long batchIndex, long recordCount) {
    if (!inRange(fileIndex, batchIndex)) {
      throw new IllegalArgumentException(
          "no batch " + batchIndex + " of file " + fileIndex + " in an import of " + files.length);
    }
    if (!files[fileIndex].add(batchIndex)) {
      return false;
    }
    batches++;
    records += recordCount;
    return true;
  }

  long batches() {
    return batches;
  }

  long records() {
    return records;
  }

  /** The runs of acknowledged batches above the watermarks: what this costs in memory. */
  int ranges() {
    int ranges = 0;
    for (PerFile file : files) {
      ranges += file.above.size();
    }
    return ranges;
  }

  private static final class PerFile {
    private long watermark;
    // start -> end (exclusive); disjoint, never adjacent, every start above the watermark
    private final TreeMap<Long, Long> above = new TreeMap<>();

    boolean contains(long batch) {
      if (batch < watermark) {
        return true;
      }
      Map.Entry<Long, Long> range = above.floorEntry(batch);
      return range != null && batch < range.getValue();
    }

    boolean add(long batch) {
      if (contains(batch)) {
        return false;
      }
      long start = batch;
      long end = batch + 1;
      Map.Entry<Long, Long> before = above.floorEntry(batch);
      if (before != null && before.getValue() == batch) {
        start = before.getKey();
        above.remove(start);
      }
      Long after = above.remove(end);
      if (after != null) {
        end = after;
      }
      if (start == watermark) {
        watermark = end;
      } else {
        above.put(start, end);
      }
      return true;
    }
  }
}
