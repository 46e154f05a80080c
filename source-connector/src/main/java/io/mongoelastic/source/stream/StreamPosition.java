package io.mongoelastic.source.stream;

import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * Where a change stream (re)opens: after a resume token ({@code startAfter} when the token is an
 * invalidate event, which {@code resumeAfter} refuses), or at a cluster time.
 */
public record StreamPosition(BsonDocument token, boolean startAfter, BsonTimestamp startAt) {
  public static StreamPosition after(BsonDocument token, boolean isInvalidate) {
    return new StreamPosition(token, isInvalidate, null);
  }

  public static StreamPosition at(BsonTimestamp time) {
    return new StreamPosition(null, false, time);
  }
}
