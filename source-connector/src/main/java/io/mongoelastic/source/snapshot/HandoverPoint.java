package io.mongoelastic.source.snapshot;

import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.stream.ResumeTokenTime;
import java.util.List;
import java.util.Locale;
import org.bson.BsonTimestamp;

/**
 * Where the collection's stream takes over from the range streams of a snapshot: at the earliest of
 * their final positions, so every change any range stream had not yet sent is sent by the
 * collection's stream (changes after a later range's position are sent twice; at-least-once).
 *
 * <p>Positions are ordered by cluster time, then by the token itself: the events of one
 * transaction (and events of several shards) can share a cluster time, and a range may stop inside
 * such a group. A token's {@code _data} is the hex form of a KeyString, whose byte order is the
 * server's order of stream positions (cluster time first, then the position within it), so the
 * lower string is the earlier position.
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
      int order = earliestTime == null ? -1 : time.compareTo(earliestTime);
      if (order == 0) {
        order = tokenData(range).compareTo(tokenData(earliest));
      }
      if (order < 0) {
        earliest = range;
        earliestTime = time;
      }
    }
    return earliest;
  }

  private static String tokenData(RangeOffset range) {
    return range.resumeToken().getString("_data").getValue().toUpperCase(Locale.ROOT);
  }
}
