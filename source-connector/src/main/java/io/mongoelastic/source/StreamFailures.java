package io.mongoelastic.source;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * The errors that fail a task because a collection's change stream cannot go on, each naming the
 * collection, the setting at fault and the remedy.
 */
final class StreamFailures {
  private StreamFailures() {}

  /** MongoDB ended the stream because {@code stream.pipeline} changed or removed {@code _id}. */
  static ConnectException pipelineModifiesId(String namespace, Throwable cause) {
    return new ConnectException(
        "The change stream of "
            + namespace
            + " stopped: "
            + MongoSourceConfig.STREAM_PIPELINE
            + " changed or removed the events' _id, which holds the resume token, so MongoDB"
            + " refuses to go on (ChangeStreamFatalError 280). Keep _id unchanged in "
            + MongoSourceConfig.STREAM_PIPELINE
            + " (no $unset, $project, $set or $replaceRoot/$replaceWith that touches _id), then"
            + " restart the task; it resumes after the last committed change.",
        cause);
  }

  /** The stored position is a fragment token of a split event the stream cannot resume from. */
  static ConnectException splitEventResume(String namespace, Throwable cause) {
    return new ConnectException(
        "The change stream of "
            + namespace
            + " cannot resume from its stored position, the resume token of a fragment of a large"
            + " event split by $changeStreamSplitLargeEvent: MongoDB can only resume there when"
            + " the stream splits that event exactly as before ("
            + cause.getMessage()
            + "). This follows a change of "
            + MongoSourceConfig.STREAM_LARGE_EVENTS
            + " to a mode or server that cannot split, a change of "
            + MongoSourceConfig.STREAM_PIPELINE
            + " that changes the event's size, or an event too large even to split right after a"
            + " split one. Restore the previous "
            + MongoSourceConfig.STREAM_LARGE_EVENTS
            + " and "
            + MongoSourceConfig.STREAM_PIPELINE
            + " until the stream has moved on, or set "
            + MongoSourceConfig.SNAPSHOT_RESYNC_REQUEST
            + " to a new value to take a new snapshot.",
        cause);
  }

  /**
   * An event of the task's database-level stream has no {@code ns}: {@code stream.pipeline} removed
   * it, so the event cannot be given to its collection.
   */
  static ConnectException namespaceRemoved(String database) {
    return new ConnectException(
        "A change event of database "
            + database
            + " has no ns field, so the connector cannot tell which collection it belongs to: "
            + MongoSourceConfig.STREAM_PIPELINE
            + " removes it (a $project, $unset or $replaceRoot stage). Keep ns in "
            + MongoSourceConfig.STREAM_PIPELINE
            + ", then restart the task; it resumes after the last committed change.");
  }

  /** History was lost and {@code stream.on.history.lost=fail}. */
  static ConnectException historyLost(String namespace, Throwable cause) {
    return new ConnectException(
        "The change stream of "
            + namespace
            + " cannot resume: the oplog no longer holds its stored position, so changes were"
            + " lost. Set "
            + MongoSourceConfig.STREAM_ON_HISTORY_LOST
            + "="
            + HistoryLostPolicy.RESNAPSHOT.value()
            + " to re-snapshot the collection automatically, or reset the connector's offsets.",
        cause);
  }

  /**
   * The stream of a snapshot taken because history was lost fell out of the oplog (its start point
   * before the stream opened, or where a range's stream had got to while the snapshot was read):
   * snapshotting again would likely lose its position again.
   */
  static ConnectException oplogShorterThanSnapshot(
      String namespace, String snapshotId, Throwable cause) {
    return new ConnectException(
        "The change stream of "
            + namespace
            + " cannot follow snapshot "
            + snapshotId
            + ": the oplog no longer holds the stream's position (the snapshot's start point, or"
            + " where a range's stream had got to while the snapshot was read). That snapshot was"
            + " taken because history was lost before, so the oplog window is shorter than a"
            + " snapshot of "
            + namespace
            + " takes with the connector keeping up, and a new snapshot would lose its position"
            + " again. Keep more oplog (replSetResizeOplog with a larger size or"
            + " minRetentionHours; on Atlas a larger oplog size or minimum oplog retention window),"
            + " do not keep the connector stopped longer than the oplog window, give its tasks"
            + " more room (more tasks in tasks.max, a larger "
            + MongoSourceConfig.SNAPSHOT_FETCH_SIZE
            + ") or copy less ("
            + CollectionsConfig.MONGODB_COLLECTIONS
            + "), then set "
            + MongoSourceConfig.SNAPSHOT_RESYNC_REQUEST
            + " to a new value to take a new snapshot.",
        cause);
  }
}
