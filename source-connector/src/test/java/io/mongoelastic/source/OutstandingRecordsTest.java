package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutstandingRecordsTest {
  @Test
  void pollWaitsWhileTheBoundIsReachedAndGoesOnOnceAcknowledged() throws Exception {
    OutstandingRecords outstanding = new OutstandingRecords(3);
    assertThat(outstanding.awaitRoom(0)).isTrue();
    outstanding.handedOver(3);
    assertThat(outstanding.awaitRoom(10)).isFalse();

    CompletableFuture<Boolean> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return outstanding.awaitRoom(10_000);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    outstanding.acknowledged();
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(outstanding.outstanding()).isEqualTo(2);
  }

  @Test
  void aStalledAcknowledgementStreamDoesNotStopThePoll() throws Exception {
    // Exactly-once workers acknowledge when a transaction commits, possibly on a timer.
    OutstandingRecords outstanding = new OutstandingRecords(2);
    outstanding.handedOver(5);
    long start = System.nanoTime();
    assertThat(outstanding.awaitRoom(10_000)).isTrue();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(OutstandingRecords.STALL_NANOS);
  }

  @Test
  void zeroMeansNoBound() throws Exception {
    OutstandingRecords outstanding = new OutstandingRecords(0);
    outstanding.handedOver(1_000_000);
    assertThat(outstanding.awaitRoom(0)).isTrue();
    assertThat(outstanding.outstanding()).isZero();
  }

  @Test
  void moreAcknowledgementsThanRecordsNeverGoNegative() throws Exception {
    OutstandingRecords outstanding = new OutstandingRecords(1);
    outstanding.acknowledged();
    outstanding.handedOver(1);
    assertThat(outstanding.awaitRoom(10)).isFalse();
  }
}
