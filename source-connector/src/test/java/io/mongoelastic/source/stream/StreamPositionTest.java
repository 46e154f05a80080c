package io.mongoelastic.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.CollectionOffset.Phase;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class StreamPositionTest {
  private static final BsonDocument START_TOKEN = BsonDocument.parse("{_data: 'start'}");
  private static final BsonDocument LAST_TOKEN = BsonDocument.parse("{_data: 'last'}");

  private static CollectionOffset offset(BsonDocument startToken, BsonDocument token, boolean inv) {
    return CollectionOffset.builder(Phase.STREAM)
        .snapshotId("s1")
        .reason(SnapshotReason.INITIAL)
        .startAt(new BsonTimestamp(100, 7))
        .startToken(startToken)
        .resumeToken(token)
        .startAfter(inv)
        .build();
  }

  @Test
  void resumesAfterTheLastStoredTokenFirst() {
    assertThat(StreamPosition.resumingFrom(offset(START_TOKEN, LAST_TOKEN, true)))
        .isEqualTo(StreamPosition.after(LAST_TOKEN, true));
  }

  @Test
  void startsAfterTheSnapshotsStartTokenBeforeAnyEvent() {
    assertThat(StreamPosition.resumingFrom(offset(START_TOKEN, null, false)))
        .isEqualTo(StreamPosition.after(START_TOKEN, false));
  }

  @Test
  void startsAtTheTickAfterTheStartPointWithoutTokens() {
    assertThat(StreamPosition.resumingFrom(offset(null, null, false)))
        .isEqualTo(StreamPosition.at(new BsonTimestamp(100, 8)));
  }
}
