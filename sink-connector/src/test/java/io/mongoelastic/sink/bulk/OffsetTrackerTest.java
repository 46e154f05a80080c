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
  void aRecordWithSeveralActionsIsDoneWhenAllAre() throws Exception {
    OffsetTracker offsets = new OffsetTracker();
    offsets.open(List.of(TP));
    offsets.received(TP, 5, 2);
    offsets.received(TP, 6);
    offsets.done(TP, 6);
    offsets.done(TP, 5);
    assertThat(offsets.committable().get(TP).offset()).isEqualTo(5);
    assertThat(offsets.awaitDoneBefore(TP, 7, 10)).isFalse();
    assertThat(offsets.awaitDoneBefore(TP, 5, 10)).isTrue();
    offsets.done(TP, 5);
    assertThat(offsets.committable().get(TP).offset()).isEqualTo(7);
    assertThat(offsets.awaitDoneBefore(TP, 7, 10)).isTrue();
  }

  @Test
  void aBarrierWakesUpWhenTheLastEarlierActionSettles() throws Exception {
    OffsetTracker offsets = new OffsetTracker();
    offsets.open(List.of(TP));
    offsets.received(TP, 1);
    Thread settler =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                return;
              }
              offsets.done(TP, 1);
            });
    settler.start();
    assertThat(offsets.awaitDoneBefore(TP, 2, 60_000)).isTrue();
    settler.join();
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
