package io.mongoelastic.source.oplog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OplogHeadroomTest {
  private static final OplogWindow WINDOW = new OplogWindow(10_000, 20_000);

  @Test
  void streamCaughtUpWithTheNewestEntryHasTheWholeWindow() {
    assertThat(OplogHeadroom.of(20_000, WINDOW)).isEqualTo(new OplogHeadroom(10_000, 100.0));
  }

  @Test
  void headroomIsTheHistoryBehindThePositionAsTimeAndShareOfTheWindow() {
    assertThat(OplogHeadroom.of(12_500, WINDOW)).isEqualTo(new OplogHeadroom(2_500, 25.0));
    assertThat(OplogHeadroom.of(10_001, WINDOW)).isEqualTo(new OplogHeadroom(1, 0.0));
  }

  @Test
  void aPositionTheOplogNoLongerHoldsHasNoHeadroom() {
    assertThat(OplogHeadroom.of(9_000, WINDOW)).isEqualTo(new OplogHeadroom(0, 0.0));
  }

  @Test
  void aPositionAfterTheNewestEntryCountsAsCaughtUp() {
    assertThat(OplogHeadroom.of(25_000, WINDOW)).isEqualTo(new OplogHeadroom(10_000, 100.0));
  }

  @Test
  void aWindowOfOneInstantLeavesNothingToSpare() {
    assertThat(OplogHeadroom.of(20_000, new OplogWindow(20_000, 20_000)))
        .isEqualTo(new OplogHeadroom(0, 0.0));
  }

  @Test
  void unknownIsNotKnown() {
    assertThat(OplogHeadroom.UNKNOWN.isKnown()).isFalse();
    assertThat(OplogHeadroom.of(20_000, WINDOW).isKnown()).isTrue();
  }
}
