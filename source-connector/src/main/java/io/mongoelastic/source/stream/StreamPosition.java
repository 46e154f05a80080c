package io.mongoelastic.source.stream;

import com.mongodb.client.ChangeStreamIterable;
import io.mongoelastic.source.offset.CollectionOffset;
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

  /** The stream set to open at this position. */
  public <T> ChangeStreamIterable<T> applyTo(ChangeStreamIterable<T> stream) {
    if (token != null) {
      return startAfter ? stream.startAfter(token) : stream.resumeAfter(token);
    }
    return startAt != null ? stream.startAtOperationTime(startAt) : stream;
  }

  /**
   * Where a collection's stream (re)opens from its stored offset: after the last token stored, else
   * after the token captured with the snapshot's start point, else at the tick after the start
   * point's cluster time (a write at exactly that time was visible to the snapshot already).
   */
  public static StreamPosition resumingFrom(CollectionOffset offset) {
    if (offset.resumeToken() != null) {
      return after(offset.resumeToken(), offset.startAfter());
    }
    if (offset.startToken() != null) {
      return after(offset.startToken(), false);
    }
    BsonTimestamp at = offset.startAt();
    return at(new BsonTimestamp(at.getTime(), at.getInc() + 1));
  }
}
