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
}
