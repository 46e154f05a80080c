package io.mongoelastic.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class StartPointTest {
  /** A high-water mark token at {@code Timestamp(0x6553F101, inc)}. */
  private static BsonDocument tokenAt(int inc) {
    return new BsonDocument(
        "_data", new BsonString(String.format("826553F101%08X01", inc) + "2B0229296E04"));
  }

  private static final BsonTimestamp TOKEN_TIME_2 = new BsonTimestamp(0x6553F101, 2);

  @Test
  void readsAfterTheTokensTimeWhenItIsLaterThanTheOperationTime() {
    // As a mongos or a majority read may report: the operation time before the token's.
    StartPoint start = new StartPoint(new BsonTimestamp(0x6553F101, 1), tokenAt(2));

    assertThat(start.readAfter()).isEqualTo(TOKEN_TIME_2);
  }

  @Test
  void readsAfterTheOperationTimeWhenItIsLaterThanTheToken() {
    BsonTimestamp later = new BsonTimestamp(0x6553F101, 9);

    assertThat(new StartPoint(later, tokenAt(2)).readAfter()).isEqualTo(later);
    assertThat(new StartPoint(TOKEN_TIME_2, tokenAt(2)).readAfter()).isEqualTo(TOKEN_TIME_2);
  }

  @Test
  void readsAfterTheOperationTimeWithoutAReadableToken() {
    BsonTimestamp time = new BsonTimestamp(5, 1);

    assertThat(new StartPoint(time, null).readAfter()).isEqualTo(time);
    assertThat(new StartPoint(time, new BsonDocument("_data", new BsonString("0100"))).readAfter())
        .isEqualTo(time);
  }
}
