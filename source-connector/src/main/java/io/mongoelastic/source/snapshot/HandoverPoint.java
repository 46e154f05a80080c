package io.mongoelastic.source.snapshot;

import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.stream.ResumeTokenTime;
import java.util.List;
import org.bson.BsonTimestamp;

/**
 * Where the collection's stream takes over from the range streams of a snapshot: at the earliest of
 * their final positions, so every change any range stream had not yet sent is sent by the
 * collection's stream (changes after a later range's position are sent twice; at-least-once).
 */
public final class HandoverPoint {
  private HandoverPoint() {}

  /**
   * The closed range whose position is earliest, or null when one has no position or its time
   * cannot be read: the collection's stream then starts at the snapshot's start point instead.
   */
  public static RangeOffset earliest(List<RangeOffset> ranges) {
    RangeOffset earliest = null;
    BsonTimestamp earliestTime = null;
    for (RangeOffset range : ranges) {
      BsonTimestamp time = ResumeTokenTime.of(range.resumeToken());
      if (time == null) {
        return null;
      }
      if (earliestTime == null || time.compareTo(earliestTime) < 0) {
        earliest = range;
        earliestTime = time;
      }
    }
    return earliest;
  }
}
