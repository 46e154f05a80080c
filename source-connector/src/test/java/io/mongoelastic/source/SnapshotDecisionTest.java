package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.SnapshotDecision.Action;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.CollectionOffset.Phase;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class SnapshotDecisionTest {
  private static CollectionOffset stored(Phase phase, String token) {
    return CollectionOffset.builder(phase)
        .snapshotId("s1")
        .reason(SnapshotReason.INITIAL)
        .resyncToken(token)
        .startAt(new BsonTimestamp(100, 1))
        .resumeToken(phase == Phase.STREAM ? new BsonDocument("_data", new BsonString("82")) : null)
        .build();
  }

  @Test
  void firstSnapshotOfACollectionWithoutOffsetsIsInitial() {
    SnapshotDecision decision = SnapshotDecision.decide(null, "", SnapshotMode.INITIAL);
    assertThat(decision.action()).isEqualTo(Action.NEW_SNAPSHOT);
    assertThat(decision.reason()).isEqualTo(SnapshotReason.INITIAL);
    assertThat(SnapshotDecision.decide(null, "r1", SnapshotMode.NEVER).action())
        .isEqualTo(Action.STREAM_FROM_NOW);
  }

  @Test
  void aChangedTokenResyncsInEveryModeAndPhase() {
    for (SnapshotMode mode : SnapshotMode.values()) {
      for (Phase phase : Phase.values()) {
        SnapshotDecision decision = SnapshotDecision.decide(stored(phase, "r1"), "r2", mode);
        assertThat(decision.action()).as(mode + "/" + phase).isEqualTo(Action.NEW_SNAPSHOT);
        assertThat(decision.reason()).isEqualTo(SnapshotReason.USER_REQUESTED);
      }
    }
    // Setting a token for the first time counts as a change; so does clearing it.
    assertThat(SnapshotDecision.decide(stored(Phase.STREAM, ""), "r1", SnapshotMode.INITIAL))
        .isEqualTo(new SnapshotDecision(Action.NEW_SNAPSHOT, SnapshotReason.USER_REQUESTED));
    assertThat(SnapshotDecision.decide(stored(Phase.STREAM, "r1"), "", SnapshotMode.INITIAL))
        .isEqualTo(new SnapshotDecision(Action.NEW_SNAPSHOT, SnapshotReason.USER_REQUESTED));
  }

  @Test
  void theSameTokenAfterARestartDoesNotResyncAgain() {
    assertThat(
            SnapshotDecision.decide(stored(Phase.STREAM, "r1"), "r1", SnapshotMode.INITIAL)
                .action())
        .isEqualTo(Action.RESUME);
    assertThat(
            SnapshotDecision.decide(stored(Phase.DONE, "r1"), "r1", SnapshotMode.INITIAL_ONLY)
                .action())
        .isEqualTo(Action.RESUME);
  }

  @Test
  void anInterruptedResyncContinuesWithTheSameToken() {
    assertThat(
            SnapshotDecision.decide(stored(Phase.SNAPSHOT, "r1"), "r1", SnapshotMode.INITIAL)
                .action())
        .isEqualTo(Action.CONTINUE_SNAPSHOT);
  }

  @Test
  void offsetsFromBeforeTokensMeanNoToken() {
    CollectionOffset old = CollectionOffset.fromMap(java.util.Map.of("phase", "stream"));
    assertThat(SnapshotDecision.decide(old, "", SnapshotMode.INITIAL).action())
        .isEqualTo(Action.RESUME);
  }
}
