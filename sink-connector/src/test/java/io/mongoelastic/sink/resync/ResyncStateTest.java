package io.mongoelastic.sink.resync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongoelastic.sink.resync.ResyncState.EndTransition;
import io.mongoelastic.sink.resync.ResyncState.StartTransition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResyncStateTest {
  private static final String LOGICAL = "mongodb.shop.products";
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String P0 = "mongodb.shop.products-0";
  private static final String P1 = "mongodb.shop.products-1";

  private static ResyncState idleOverFirstGeneration() {
    return ResyncState.idle(LOGICAL, LOGICAL + "-000001", 1, NOW);
  }

  private static ResyncState filling(String snapshot) {
    return idleOverFirstGeneration()
        .onStart(snapshot, P0, 2, ResyncReason.HISTORY_LOST, null, NOW)
        .state();
  }

  @Test
  void newSnapshotOnFilledIndexClaimsTheNextGeneration() {
    StartTransition start =
        idleOverFirstGeneration().onStart("s1", P0, 2, ResyncReason.USER_REQUESTED, null, NOW);

    assertThat(start.kind()).isEqualTo(StartTransition.Kind.STARTED);
    assertThat(start.state().phase()).isEqualTo(ResyncPhase.FILLING);
    assertThat(start.state().pendingIndex()).isEqualTo(LOGICAL + "-000002");
    assertThat(start.state().nextGeneration()).isEqualTo(3);
    assertThat(start.state().startedPartitions()).containsExactly(P0);
    assertThat(start.state().reason()).isEqualTo("user_requested");
    assertThat(start.state().pendingInPlace()).isFalse();
  }

  @Test
  void emptyAliasedIndexIsFilledInPlaceAsInitialSync() {
    StartTransition start =
        idleOverFirstGeneration()
            .onStart("s1", P0, 1, ResyncReason.UNSPECIFIED, LOGICAL + "-000001", NOW);

    assertThat(start.state().pendingInPlace()).isTrue();
    assertThat(start.state().pendingIndex()).isEqualTo(LOGICAL + "-000001");
    assertThat(start.state().reason()).isEqualTo("initial");
    assertThat(start.state().targetsFor(P0, true)).containsExactly(LOGICAL);

    EndTransition end = start.state().onEnd("s1", P0, NOW);
    assertThat(end.kind()).isEqualTo(EndTransition.Kind.COMPLETED);
    assertThat(end.state().phase()).isEqualTo(ResyncPhase.IDLE);
    assertThat(end.state().currentIndex()).isEqualTo(LOGICAL + "-000001");
    assertThat(end.state().completedSnapshotIds()).containsExactly("s1");
    assertThat(end.state().lastSwapAt()).isNull();
  }

  @Test
  void legacyIndexIsNeverFilledInPlace() {
    ResyncState legacy = ResyncState.idle(LOGICAL, LOGICAL, 0, NOW);

    StartTransition start = legacy.onStart("s1", P0, 1, ResyncReason.INITIAL, LOGICAL, NOW);

    assertThat(legacy.legacyCurrent()).isTrue();
    assertThat(start.state().pendingInPlace()).isFalse();
    assertThat(start.state().pendingIndex()).isEqualTo(LOGICAL + "-000001");
  }

  @Test
  void routesByPartitionProgressDuringFill() {
    ResyncState state = filling("s1");

    assertThat(state.targetsFor(P0, true)).containsExactly(LOGICAL + "-000002");
    assertThat(state.targetsFor(P0, false)).containsExactly(LOGICAL, LOGICAL + "-000002");
    // P1 has not reached its start marker: its records predate the snapshot's read point.
    assertThat(state.targetsFor(P1, false)).containsExactly(LOGICAL);
    assertThat(idleOverFirstGeneration().targetsFor(P0, false)).containsExactly(LOGICAL);
  }

  @Test
  void swapsOnlyAfterEveryPartitionEnded() {
    ResyncState state =
        filling("s1").onStart("s1", P1, 2, ResyncReason.UNSPECIFIED, null, NOW).state();

    EndTransition first = state.onEnd("s1", P1, NOW);
    assertThat(first.kind()).isEqualTo(EndTransition.Kind.RECORDED);
    assertThat(first.state().phase()).isEqualTo(ResyncPhase.FILLING);

    EndTransition again = first.state().onEnd("s1", P1, NOW);
    assertThat(again.kind()).isEqualTo(EndTransition.Kind.RECORDED);
    assertThat(again.state().endedPartitions()).containsExactly(P1);

    EndTransition last = again.state().onEnd("s1", P0, NOW);
    assertThat(last.kind()).isEqualTo(EndTransition.Kind.ALL_ENDED);
    assertThat(last.state().phase()).isEqualTo(ResyncPhase.SWAPPING);
  }

  @Test
  void joiningPartitionKeepsTheReasonOfTheFirstMarker() {
    ResyncState joined =
        filling("s1").onStart("s1", P1, 2, ResyncReason.USER_REQUESTED, null, NOW).state();

    assertThat(joined.reason()).isEqualTo("history_lost");
    assertThat(joined.startedPartitions()).containsExactly(P0, P1);
  }

  @Test
  void completingMakesThePendingIndexCurrentAndRemembersTheSnapshot() {
    ResyncState swapping = filling("s1");
    swapping = swapping.onStart("s1", P1, 2, ResyncReason.UNSPECIFIED, null, NOW).state();
    swapping = swapping.onEnd("s1", P0, NOW).state().onEnd("s1", P1, NOW).state();

    ResyncState done = swapping.completed(false, NOW);
    ResyncState kept = swapping.completed(true, NOW);

    assertThat(done.phase()).isEqualTo(ResyncPhase.IDLE);
    assertThat(done.currentIndex()).isEqualTo(LOGICAL + "-000002");
    assertThat(done.currentGeneration()).isEqualTo(2);
    assertThat(done.pendingIndex()).isNull();
    assertThat(done.completedSnapshotIds()).containsExactly("s1");
    assertThat(done.retainedIndices()).isEmpty();
    assertThat(kept.retainedIndices()).containsExactly(LOGICAL + "-000001");
  }

  @Test
  void redeliveredMarkersOfAFinishedSnapshotChangeNothing() {
    ResyncState done =
        filling("s1")
            .onStart("s1", P1, 2, ResyncReason.UNSPECIFIED, null, NOW)
            .state()
            .onEnd("s1", P0, NOW)
            .state()
            .onEnd("s1", P1, NOW)
            .state()
            .completed(false, NOW);

    StartTransition start = done.onStart("s1", P0, 2, ResyncReason.UNSPECIFIED, null, NOW);
    EndTransition end = done.onEnd("s1", P0, NOW);

    assertThat(start.kind()).isEqualTo(StartTransition.Kind.STALE);
    assertThat(start.state()).isEqualTo(done);
    assertThat(end.kind()).isEqualTo(EndTransition.Kind.STALE);
    assertThat(done.targetsFor(P0, true)).containsExactly(LOGICAL);
  }

  @Test
  void newerSnapshotSupersedesThePendingOneAndAbandonsItsIndex() {
    StartTransition newer =
        filling("s1").onStart("s2", P1, 2, ResyncReason.USER_REQUESTED, null, NOW);

    assertThat(newer.kind()).isEqualTo(StartTransition.Kind.SUPERSEDED);
    assertThat(newer.abandonedIndex()).isEqualTo(LOGICAL + "-000002");
    assertThat(newer.state().pendingIndex()).isEqualTo(LOGICAL + "-000003");
    assertThat(newer.state().startedPartitions()).containsExactly(P1);
    assertThat(newer.state().abandonedSnapshotIds()).containsExactly("s1");
    // A late marker of the abandoned snapshot is recognised as stale.
    assertThat(newer.state().onStart("s1", P0, 2, ResyncReason.UNSPECIFIED, null, NOW).kind())
        .isEqualTo(StartTransition.Kind.STALE);
  }

  @Test
  void newSnapshotWaitsForAnUnfinishedSwap() {
    ResyncState swapping =
        filling("s1")
            .onStart("s1", P1, 2, ResyncReason.UNSPECIFIED, null, NOW)
            .state()
            .onEnd("s1", P0, NOW)
            .state()
            .onEnd("s1", P1, NOW)
            .state();

    StartTransition newer = swapping.onStart("s2", P0, 2, ResyncReason.USER_REQUESTED, null, NOW);

    assertThat(newer.kind()).isEqualTo(StartTransition.Kind.AWAITING_SWAP);
    assertThat(newer.state()).isEqualTo(swapping);
  }

  @Test
  void fillsInPlaceOnlyTheIndexFoundEmpty() {
    StartTransition start =
        idleOverFirstGeneration().onStart("s1", P0, 1, ResyncReason.UNSPECIFIED, "other", NOW);

    assertThat(start.state().pendingInPlace()).isFalse();
  }

  @Test
  void abandoningReturnsToIdleOverTheCurrentIndex() {
    ResyncState abandoned = filling("s1").abandoned(NOW);

    assertThat(abandoned.phase()).isEqualTo(ResyncPhase.IDLE);
    assertThat(abandoned.currentIndex()).isEqualTo(LOGICAL + "-000001");
    assertThat(abandoned.abandonedSnapshotIds()).containsExactly("s1");
    assertThat(abandoned.nextGeneration()).isEqualTo(3);
  }

  @Test
  void remembersABoundedNumberOfSnapshotIds() {
    ResyncState state = idleOverFirstGeneration();
    for (int i = 0; i < ResyncState.REMEMBERED_IDS + 5; i++) {
      state = state.onStart("s" + i, P0, 1, ResyncReason.UNSPECIFIED, null, NOW).state();
      state = state.onEnd("s" + i, P0, NOW).state().completed(false, NOW);
    }

    assertThat(state.completedSnapshotIds()).hasSize(ResyncState.REMEMBERED_IDS);
    assertThat(state.completedSnapshotIds()).endsWith("s24");
  }

  @Test
  void roundTripsThroughJsonWithSnakeCaseFields() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ResyncState state = filling("s1");

    String text = json.writeValueAsString(state);
    ResyncState back = json.readValue(text, ResyncState.class);

    assertThat(back).isEqualTo(state);
    assertThat(text).contains("\"pending_snapshot_id\":\"s1\"").contains("\"phase\":\"filling\"");
    assertThat(text).doesNotContain("phaseValue").doesNotContain("legacyCurrent");
  }
}
