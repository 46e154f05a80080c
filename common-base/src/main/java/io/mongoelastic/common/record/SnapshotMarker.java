package io.mongoelastic.common.record;

import java.util.Objects;

/**
 * What a snapshot control record says: which marker, of which snapshot of which collection, why the
 * snapshot was taken, and how many partitions carry the same marker (so a consumer knows how many
 * end markers complete the snapshot).
 */
public record SnapshotMarker(
    ControlRecordType type,
    String namespace,
    String snapshotId,
    SnapshotReason reason,
    Integer partitionCount) {

  public SnapshotMarker {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(snapshotId, "snapshotId");
    Objects.requireNonNull(reason, "reason");
    if (partitionCount != null && partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be positive: " + partitionCount);
    }
  }
}
