package io.mongoelastic.source.snapshot;

import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.stream.ResumeTokenTime;
import io.mongoelastic.source.stream.StreamOrder;
import java.util.List;

/**
 * Where the collection's stream takes over from the range streams of a snapshot: at the earliest of
 * their final positions, so every change any range stream had not yet sent is sent by the
 * collection's stream (changes after a later range's position are sent twice; at-least-once).
 *
 * <p>Documents inserted above the snapshot's bound ({@link SnapshotBound}) need nothing here: the
 * last range's stream sent their changes up to its position like any other, and the collection's
 * stream sends every later one.
 *
 * <p>Positions are ordered by {@link StreamOrder}: a range may stop inside a group of events that
 * share a cluster time (a transaction).
 */
public final class HandoverPoint {
  private HandoverPoint() {}

  /**
   * The closed range whose position is earliest, or null when one has no position or its time
   * cannot be read: the collection's stream then starts at the snapshot's start point instead.
   */
  public static RangeOffset earliest(List<RangeOffset> ranges) {
    RangeOffset earliest = null;
    for (RangeOffset range : ranges) {
      if (ResumeTokenTime.of(range.resumeToken()) == null) {
        return null;
      }
      if (earliest == null
          || StreamOrder.compare(range.resumeToken(), earliest.resumeToken()) < 0) {
        earliest = range;
      }
    }
    return earliest;
  }
}
