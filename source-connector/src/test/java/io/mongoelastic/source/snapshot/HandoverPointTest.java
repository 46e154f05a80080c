package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.source.offset.RangeOffset;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

class HandoverPointTest {
  private static RangeOffset closedAt(String data) {
    return new RangeOffset(null, true)
        .withResumeToken(new BsonDocument("_data", new BsonString(data)), false)
        .closedNow();
  }

  @Test
  void theCollectionStreamTakesOverAtTheEarliestRangePosition() {
    RangeOffset late = closedAt("826553F1100000000101");
    RangeOffset early = closedAt("826553F1010000000201");
    RangeOffset middle = closedAt("826553F1050000000101");

    assertThat(HandoverPoint.earliest(List.of(late, early, middle))).isSameAs(early);
  }

  @Test
  void aRangeWithoutAReadablePositionMeansStartingFromTheSnapshotStart() {
    RangeOffset known = closedAt("826553F1100000000101");

    assertThat(HandoverPoint.earliest(List.of(known, new RangeOffset(null, true)))).isNull();
    assertThat(HandoverPoint.earliest(List.of(known, closedAt("00AB")))).isNull();
  }

  /** Two ranges stopped inside one transaction (same cluster time): the earlier step wins. */
  @Test
  void positionsAtTheSameClusterTimeAreOrderedByTheirToken() {
    RangeOffset afterStepSeven = closedAt("826553F1010000000101FF07");
    RangeOffset afterStepThree = closedAt("826553F1010000000101FF03");

    assertThat(HandoverPoint.earliest(List.of(afterStepSeven, afterStepThree)))
        .isSameAs(afterStepThree);
    assertThat(HandoverPoint.earliest(List.of(afterStepThree, afterStepSeven)))
        .isSameAs(afterStepThree);
  }

  /** Every range met the invalidate of a dropped collection: the stream starts after it. */
  @Test
  void rangesThatEndedAtTheSameInvalidateHandOverAfterIt() {
    BsonDocument invalidate = new BsonDocument("_data", new BsonString("826553F1010000000101FF"));
    RangeOffset first = new RangeOffset(null, true).withResumeToken(invalidate, true).closedNow();
    RangeOffset second = new RangeOffset(null, true).withResumeToken(invalidate, true).closedNow();

    RangeOffset handover = HandoverPoint.earliest(List.of(first, second));

    assertThat(handover.resumeToken()).isEqualTo(invalidate);
    assertThat(handover.startAfter()).isTrue();
  }
}
