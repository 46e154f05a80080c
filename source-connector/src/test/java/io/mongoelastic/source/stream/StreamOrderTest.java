package io.mongoelastic.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class StreamOrderTest {
  /** A token in MongoDB's format: 0x82, the cluster time, then the rest of the KeyString. */
  private static BsonDocument token(int seconds, int inc, String rest) {
    long time = ((long) seconds << 32) | inc;
    return new BsonDocument("_data", new BsonString(String.format("82%016X%s", time, rest)));
  }

  private static StreamPosition after(BsonDocument token) {
    return StreamPosition.after(token, false);
  }

  @Test
  void eventsAreAfterAPositionByClusterTimeThenByToken() {
    BsonDocument position = token(100, 2, "2B0229");
    assertThat(StreamOrder.isAfter(token(100, 3, "0000"), after(position))).isTrue();
    assertThat(StreamOrder.isAfter(token(100, 1, "FFFF"), after(position))).isFalse();
    assertThat(StreamOrder.isAfter(position, after(position))).isFalse();
    // The same cluster time (one transaction): the later step of it is after.
    assertThat(StreamOrder.isAfter(token(100, 2, "2B0429"), after(position))).isTrue();
    assertThat(StreamOrder.isAfter(token(100, 2, "2B0129"), after(position))).isFalse();
  }

  @Test
  void aStartTimeIncludesTheEventsAtThatTime() {
    StreamPosition at = StreamPosition.at(new BsonTimestamp(100, 2));
    assertThat(StreamOrder.isAfter(token(100, 2, "00"), at)).isTrue();
    assertThat(StreamOrder.isAfter(token(100, 1, "FF"), at)).isFalse();
  }

  @Test
  void anUnreadableTokenCountsAsAfterSoNothingIsSkipped() {
    BsonDocument unknown = new BsonDocument("_data", new BsonString("zz"));
    assertThat(StreamOrder.isAfter(unknown, after(token(100, 2, "00")))).isTrue();
    assertThat(StreamOrder.isAfter(token(1, 1, "00"), after(unknown))).isTrue();
  }

  @Test
  void theEarliestPositionSeesTheMost() {
    StreamPosition late = after(token(200, 1, "00"));
    StreamPosition early = after(token(100, 5, "00"));
    StreamPosition atSameTime = StreamPosition.at(new BsonTimestamp(100, 5));
    assertThat(StreamOrder.earliest(List.of(late, early))).isEqualTo(early);
    assertThat(StreamOrder.earliest(List.of(late, early, atSameTime))).isEqualTo(atSameTime);
    assertThat(StreamOrder.earliest(List.of())).isNull();
  }
}
