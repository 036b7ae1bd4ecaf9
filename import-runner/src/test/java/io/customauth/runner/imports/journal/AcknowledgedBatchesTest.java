package io.customauth.runner.imports.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AcknowledgedBatchesTest {
  @Test
  void outOfOrderAcknowledgementsCostNoMoreRangesThanBatchesInFlight() {
    int batches = 100_000;
    int inFlight = 8;
    AcknowledgedBatches acknowledged = new AcknowledgedBatches(1);
    // Batches are sent in order, `inFlight` at a time, and finish in any order among those.
    Random random = new Random(42);
    List<Long> flying = new ArrayList<>();
    long next = 0;
    int mostRanges = 0;
    while (next < batches || !flying.isEmpty()) {
      while (flying.size() < inFlight && next < batches) {
        flying.add(next++);
      }
      long done = flying.remove(random.nextInt(flying.size()));
      assertThat(acknowledged.add(0, done, 10)).isTrue();
      mostRanges = Math.max(mostRanges, acknowledged.ranges());
    }

    assertThat(mostRanges).isPositive().isLessThanOrEqualTo(inFlight);
    assertThat(acknowledged.ranges()).isZero();
    assertThat(acknowledged.batches()).isEqualTo(batches);
    assertThat(acknowledged.records()).isEqualTo(10L * batches);
  }

  @Test
  void anyOrderEndsAsOneWatermarkAndKnowsEveryBatch() {
    List<Long> order = new ArrayList<>();
    for (long i = 0; i < 1_000; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(7));
    AcknowledgedBatches acknowledged = new AcknowledgedBatches(1);

    for (long batch : order) {
      assertThat(acknowledged.contains(0, batch)).isFalse();
      acknowledged.add(0, batch, 1);
      assertThat(acknowledged.contains(0, batch)).isTrue();
    }

    assertThat(acknowledged.ranges()).isZero();
    assertThat(acknowledged.contains(0, 1_000)).isFalse();
  }

  @Test
  void rangesMergeFromBothSides() {
    AcknowledgedBatches acknowledged = new AcknowledgedBatches(1);
    acknowledged.add(0, 2, 1);
    acknowledged.add(0, 4, 1);
    assertThat(acknowledged.ranges()).isEqualTo(2);

    acknowledged.add(0, 3, 1);

    assertThat(acknowledged.ranges()).isEqualTo(1);
    assertThat(acknowledged.contains(0, 1)).isFalse();
    assertThat(acknowledged.contains(0, 5)).isFalse();
  }

  @Test
  void aBatchAddedTwiceCountsOnce() {
    AcknowledgedBatches acknowledged = new AcknowledgedBatches(2);

    assertThat(acknowledged.add(1, 5, 3)).isTrue();
    assertThat(acknowledged.add(1, 5, 3)).isFalse();

    assertThat(acknowledged.batches()).isEqualTo(1);
    assertThat(acknowledged.records()).isEqualTo(3);
    assertThat(acknowledged.contains(0, 5)).isFalse();
  }

  @Test
  void aBatchOfAFileTheImportDoesNotHaveIsRefused() {
    AcknowledgedBatches acknowledged = new AcknowledgedBatches(2);

    assertThatThrownBy(() -> acknowledged.add(2, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> acknowledged.add(0, -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(acknowledged.contains(2, 0)).isFalse();
  }
}
