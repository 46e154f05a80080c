package io.mongoelastic.common.record;

/**
 * Field names of the values the source writes to its heartbeat topic ({@code heartbeat.topic}).
 * Kafka Connect stores source offsets only together with records, so these records exist to carry
 * offsets; their values are informational. Key: the namespace (string).
 *
 * <ul>
 *   <li>Stream heartbeat: {@link #NAMESPACE}, {@link #TIMESTAMP_MS}.
 *   <li>Snapshot range progress: {@link #NAMESPACE}, {@link #SNAPSHOT_ID}, {@link #RANGE}, {@link
 *       #DONE}.
 * </ul>
 */
public final class HeartbeatRecordFields {
  /** String: {@code <database>.<collection>}. */
  public static final String NAMESPACE = "namespace";

  /**
   * Int64: the worker's wall-clock time when the record was made, in milliseconds since the epoch
   * (not a MongoDB cluster time).
   */
  public static final String TIMESTAMP_MS = "timestampMs";

  /** String: the snapshot whose range finished. */
  public static final String SNAPSHOT_ID = "snapshotId";

  /** Int32: the index of the finished range within the snapshot. */
  public static final String RANGE = "range";

  /** Boolean: always true; the range was read to its end. */
  public static final String DONE = "done";

  private HeartbeatRecordFields() {}
}
