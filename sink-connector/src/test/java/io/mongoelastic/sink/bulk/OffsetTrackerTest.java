package io.mongoelastic.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private static final TopicPartition TP = new TopicPartition("t", 0);

  @Test
  void commitsOnlyUpToTheFirstRecordNotDone() {
    OffsetTracker offsets = new OffsetTracker();
    offsets.open(List.of(TP));
    for (long offset = 10; offset < 15; offset++) {
      offsets.received(TP, offset);
    }
    offsets.done(TP, 10);
    offsets.done(TP, 12);
    assertThat(offsets.committable().get(TP).offset()).isEqualTo(11);
    offsets.done(TP, 11);
    offsets.done(TP, 13);
    offsets.done(TP, 14);
    assertThat(offsets.committable().get(TP).offset()).isEqualTo(15);
  }

  @Test
  void forgetsRevokedPartitionsAndIgnoresLateAcknowledgements() {
    OffsetTracker offsets = new OffsetTracker();
    offsets.open(List.of(TP));
    offsets.received(TP, 0);
    offsets.close(List.of(TP));
    offsets.done(TP, 0);
    assertThat(offsets.committable()).isEmpty();
    assertThat(offsets.isOpen(TP)).isFalse();
  }

  @Test
  void backoffGrowsWithJitterUpToTheMaximum() {
    RetryBackoff backoff = new RetryBackoff(100, 1_000);
    assertThat(backoff.delayMs(1)).isBetween(50L, 100L);
    assertThat(backoff.delayMs(3)).isBetween(200L, 400L);
    assertThat(backoff.delayMs(30)).isBetween(500L, 1_000L);
  }
}
