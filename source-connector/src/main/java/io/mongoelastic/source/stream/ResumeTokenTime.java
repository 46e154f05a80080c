package io.mongoelastic.source.stream;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * The cluster time a change-stream resume token stands for. Since MongoDB 4.2 a token is {@code
 * {_data: <hex string>}} whose first byte is {@code 0x82} (the key-string type of a timestamp)
 * followed by the 8-byte big-endian cluster time; event tokens and high-water marks alike. MongoDB
 * documents tokens as opaque, so this is the only place that reads one: anything else (an older or
 * newer format) yields {@code null}, and callers then fall back to a position that does not need
 * the time (see the snapshot protocol in {@code MongoSourceConnector}).
 */
public final class ResumeTokenTime {
  private static final String TIMESTAMP_PREFIX = "82";
  private static final int TIME_HEX_DIGITS = 16;

  private ResumeTokenTime() {}

  /** The token's cluster time, or null when the token is not in the known format. */
  public static BsonTimestamp of(BsonDocument token) {
    if (token == null) {
      return null;
    }
    BsonValue data = token.get("_data");
    if (!(data instanceof BsonString string)) {
      return null;
    }
    String hex = string.getValue();
    if (hex.length() < TIMESTAMP_PREFIX.length() + TIME_HEX_DIGITS
        || !hex.regionMatches(true, 0, TIMESTAMP_PREFIX, 0, TIMESTAMP_PREFIX.length())) {
      return null;
    }
    try {
      long value =
          Long.parseUnsignedLong(
              hex.substring(TIMESTAMP_PREFIX.length(), TIMESTAMP_PREFIX.length() + TIME_HEX_DIGITS),
              16);
      return new BsonTimestamp(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
