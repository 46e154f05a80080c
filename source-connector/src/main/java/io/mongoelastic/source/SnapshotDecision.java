package io.mongoelastic.source;

import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.offset.CollectionOffset;

/**
 * What planning does with one collection, from its committed offset, the configured {@code
 * snapshot.resync.request} token and {@code snapshot.mode}.
 *
 * <ul>
 *   <li>No offset: a first snapshot ({@link SnapshotReason#INITIAL}) in the snapshotting modes,
 *       else streaming from now.
 *   <li>A token other than the one stored: a new snapshot ({@link SnapshotReason#USER_REQUESTED})
 *       in every mode, also when another snapshot is under way (the newer request wins).
 *   <li>Same token and an announced, unfinished snapshot: continue it (same id and plan).
 *   <li>Otherwise: resume from the stored position, no snapshot.
 * </ul>
 *
 * @param reason the reason of a new snapshot, null unless {@code action == NEW_SNAPSHOT}
 */
record SnapshotDecision(Action action, SnapshotReason reason) {

  enum Action {
    NEW_SNAPSHOT,
    CONTINUE_SNAPSHOT,
    STREAM_FROM_NOW,
    RESUME
  }

  static SnapshotDecision decide(CollectionOffset stored, String resyncToken, SnapshotMode mode) {
    String token = resyncToken == null ? "" : resyncToken;
    if (stored == null) {
      return mode.snapshotsNewCollections()
          ? new SnapshotDecision(Action.NEW_SNAPSHOT, SnapshotReason.INITIAL)
          : new SnapshotDecision(Action.STREAM_FROM_NOW, null);
    }
    if (!token.equals(stored.resyncToken())) {
      return new SnapshotDecision(Action.NEW_SNAPSHOT, SnapshotReason.USER_REQUESTED);
    }
    if (stored.phase() == CollectionOffset.Phase.SNAPSHOT) {
      return new SnapshotDecision(Action.CONTINUE_SNAPSHOT, null);
    }
    return new SnapshotDecision(Action.RESUME, null);
  }
}
