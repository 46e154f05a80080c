package io.mongoelastic.common.record;

import java.util.Locale;

/**
 * Why a snapshot of a collection was taken; the wire value is header {@code
 * mongoelastic.snapshot.reason} on both markers of the snapshot.
 */
public enum SnapshotReason {
  /** The collection's first snapshot: no offsets were stored for it. */
  INITIAL,
  /**
   * The stored change-stream position is no longer in the oplog ({@code
   * stream.on.history.lost=resnapshot}, or {@code snapshot.mode=when_needed}).
   */
  HISTORY_LOST,
  /** An operator asked for it: {@code snapshot.resync.request} changed. */
  USER_REQUESTED,
  /**
   * The collection was replaced under its name (a new UUID: dropped and re-created while the
   * connector was stopped, renamed onto with {@code dropTarget}, or written by {@code $out}).
   */
  COLLECTION_REPLACED;

  private final String wireValue = name().toLowerCase(Locale.ROOT);

  /** The lower_snake header value, e.g. {@code history_lost}. */
  public String wireValue() {
    return wireValue;
  }

  /**
   * Reads a header or offset value.
   *
   * @throws IllegalArgumentException for an unknown value
   */
  public static SnapshotReason fromWireValue(String value) {
    for (SnapshotReason reason : values()) {
      if (reason.wireValue.equals(value)) {
        return reason;
      }
    }
    throw new IllegalArgumentException("Unknown snapshot reason: " + value);
  }
}
