package io.mongoelastic.source.offset;

import java.util.Map;

/**
 * The source partition of one {@code _id} range of one snapshot of a collection; the task reading
 * the range writes its progress here.
 */
public record RangePartition(String namespace, String snapshotId, int range) {
  static final String NAMESPACE = "namespace";
  static final String SNAPSHOT = "snapshot";
  static final String RANGE = "range";

  public Map<String, Object> toMap() {
    return Map.of(NAMESPACE, namespace, SNAPSHOT, snapshotId, RANGE, range);
  }

  public static RangePartition fromMap(Map<String, ?> map) {
    return new RangePartition(
        OffsetValues.string(map, NAMESPACE),
        OffsetValues.string(map, SNAPSHOT),
        OffsetValues.number(map, RANGE).intValue());
  }
}
