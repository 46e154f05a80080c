package io.mongoelastic.common.record;

/**
 * Field names of a control record's value, {@code {snapshotId, namespace, control, reason,
 * partitionCount}}; they repeat the control headers of {@link SourceRecordHeaders} for consumers
 * that read values only.
 */
public final class ControlRecordFields {
  /** String: the snapshot the marker belongs to. */
  public static final String SNAPSHOT_ID = "snapshotId";

  /** String: {@code <database>.<collection>}. */
  public static final String NAMESPACE = "namespace";

  /** String: {@link ControlRecordType#wireValue()}. */
  public static final String CONTROL = "control";

  /** String: {@link SnapshotReason#wireValue()}. */
  public static final String REASON = "reason";

  /** Int32: see {@link SourceRecordHeaders#PARTITION_COUNT}; absent when unknown. */
  public static final String PARTITION_COUNT = "partitionCount";

  private ControlRecordFields() {}
}
