package io.mongoelastic.source.stream;

import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * A change-stream start point captured before a snapshot reads: the cluster time and, when the
 * server reports one, the resume token of an empty change stream opened at that moment.
 *
 * @param operationTime the cluster time (never null: see {@link StartPointReader})
 * @param resumeToken the post-batch resume token of the probe stream, or null
 */
public record StartPoint(BsonTimestamp operationTime, BsonDocument resumeToken) {

  /**
   * The cluster time a snapshot's reads must be causally after so that every write the streams
   * opened here miss is read: the later of the operation time and the resume token's time, since
   * the streams resume from the token when there is one. MongoDB does not promise the operation
   * time is at or after the token's (a majority read's operation time is the majority snapshot's,
   * and mongos returns first-batch tokens at its own cluster time); a write between the two would
   * be neither streamed nor read. A token in an unknown format leaves the operation time.
   */
  public BsonTimestamp readAfter() {
    BsonTimestamp tokenTime = ResumeTokenTime.of(resumeToken);
    if (tokenTime == null) {
      return operationTime;
    }
    return operationTime == null || tokenTime.compareTo(operationTime) > 0
        ? tokenTime
        : operationTime;
  }
}
