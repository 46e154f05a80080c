package io.mongoelastic.source;

import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.stream.HistoryLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a collection's owner does when its change stream lost its history: snapshot the
 * collection again (logged), or fail the task when {@code stream.on.history.lost=fail}, or when the
 * lost position is the start point of a snapshot that was itself taken because history was lost and
 * the stream never got past it. Then the oplog window is shorter than a snapshot of the collection
 * takes, and every new snapshot would lose its start point again.
 */
final class HistoryLostResponse {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryLostResponse.class);

  private HistoryLostResponse() {}

  /**
   * Returns when the collection is to be snapshotted again; throws a task-failing exception naming
   * the remedy otherwise.
   *
   * @param position where the stream tried to resume (null before any)
   */
  static void resnapshotOrFail(
      MongoSourceConfig config,
      String namespace,
      CollectionOffset position,
      HistoryLostException e) {
    boolean resnapshot =
        config.historyLostPolicy() == HistoryLostPolicy.RESNAPSHOT
            || config.snapshotMode() == SnapshotMode.WHEN_NEEDED;
    if (!resnapshot) {
      throw StreamFailures.historyLost(namespace, e);
    }
    if (lostStartOfHistoryLostSnapshot(position)) {
      throw StreamFailures.oplogShorterThanSnapshot(namespace, position.snapshotId(), e);
    }
    LOG.warn(
        "The change stream of {} cannot resume: its stored position is no longer in the oplog,"
            + " so changes may be missing. Re-snapshotting {} ({}={}).",
        namespace,
        namespace,
        MongoSourceConfig.STREAM_ON_HISTORY_LOST,
        config.historyLostPolicy().value());
  }

  /**
   * Whether the stream was to start at the end of a snapshot taken for lost history and has not
   * moved since: neither an event nor a heartbeat stored a resume token after that snapshot.
   */
  static boolean lostStartOfHistoryLostSnapshot(CollectionOffset position) {
    return position != null
        && position.reason() == SnapshotReason.HISTORY_LOST
        && position.resumeToken() == null;
  }
}
