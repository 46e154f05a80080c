package io.mongoelastic.source.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class ResumeTokenTimeTest {

  private static BsonDocument token(String data) {
    return new BsonDocument("_data", new BsonString(data));
  }

  @Test
  void readsTheClusterTimeOfAnEventToken() {
    // A MongoDB 6.0 insert token: 0x82, Timestamp(1700000000, 5), then the event's key string.
    BsonDocument token =
        token("826553F10000000005" + "2B042C0100296E5A1004" + "46645F6964006465" + "0004");
    assertEquals(new BsonTimestamp(1_700_000_000, 5), ResumeTokenTime.of(token));
  }

  @Test
  void readsTheClusterTimeOfAHighWaterMark() {
    assertEquals(
        new BsonTimestamp(1_700_000_001, 1),
        ResumeTokenTime.of(token("826553F1010000000101" + "2B0229296E04")));
  }

  @Test
  void lowerCaseHexIsAccepted() {
    assertEquals(
        new BsonTimestamp(0x6553f101, 2), ResumeTokenTime.of(token("826553f1010000000201")));
  }

  @Test
  void unknownFormatsYieldNull() {
    assertNull(ResumeTokenTime.of(null));
    assertNull(ResumeTokenTime.of(new BsonDocument()));
    assertNull(ResumeTokenTime.of(new BsonDocument("_data", new BsonInt32(1))));
    // MongoDB 3.6 tokens were BinData, and a different leading type byte is not a timestamp.
    assertNull(ResumeTokenTime.of(token("006553F10000000005")));
    assertNull(ResumeTokenTime.of(token("82ZZ53F10000000005")));
    assertNull(ResumeTokenTime.of(token("8265")));
  }

  @Test
  void laterTokensHaveLaterTimes() {
    BsonTimestamp earlier = ResumeTokenTime.of(token("826553F10000000005"));
    BsonTimestamp later = ResumeTokenTime.of(token("826553F10000000006"));
    assertEquals(-1, Integer.signum(earlier.compareTo(later)));
  }
}
