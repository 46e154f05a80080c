package io.mongoelastic.source.metrics;

/**
 * JMX view of one source task, registered as {@code
 * io.mongoelastic:type=source-task,connector=<name>,task=<id>}. Attribute names are a public
 * contract (the REST extension and dashboards read them).
 */
public interface SourceTaskMetricsMBean {
  /** {@code starting}, {@code snapshot}, {@code streaming} or {@code idle}. */
  String getPhase();

  /** Records returned to the worker (data, markers and heartbeats) since the task started. */
  long getRecordsProduced();

  /** Snapshot documents this task sent since it started. */
  long getSnapshotDocumentsDone();

  /**
   * Estimated documents of the snapshot ranges this task reads (estimatedDocumentCount divided by
   * the number of ranges of each collection), fixed when the task starts; 0 without snapshot.
   */
  long getSnapshotDocumentsTotal();

  /**
   * Milliseconds from the write of the last change sent to its hand-off to Kafka; 0 once the change
   * stream has nothing new; -1 before any change.
   */
  long getStreamLagMs();

  /** Change events sent since the task started. */
  long getStreamEventsProduced();

  /** Updates skipped because no full document was available. */
  long getSkippedUpdates();

  /** Change events over 16 MiB received in fragments ($changeStreamSplitLargeEvent). */
  long getLargeEventsSplit();

  /**
   * Change events over 16 MiB the server could not split: each was sent as its document's current
   * state, fetched by {@code _id} (a WARN line names the collection and {@code _id}).
   */
  long getLargeEventsFetched();

  /** Errors met (retried transient errors, history lost, the error that failed the task). */
  long getErrors();

  /**
   * Reads retried after a transient MongoDB error (network, election, killed query): each retry
   * reopens a change stream or snapshot query after the last record sent.
   */
  long getRetries();

  /** Message of the last error, or empty. Never holds connection strings or documents. */
  String getLastError();

  /**
   * Why the last snapshot of a collection this task owns was taken: {@code initial}, {@code
   * history_lost}, {@code user_requested} or {@code collection_replaced}; empty when none is known
   * (also read back from the offsets after a restart).
   */
  String getLastSnapshotReason();

  /** Id of that snapshot, or empty. */
  String getLastSnapshotId();

  /**
   * Change-stream cursors the task holds open now: its shared stream over the collections it
   * streams, plus one per snapshot range being read.
   */
  long getOpenChangeStreams();

  /**
   * Change-stream cursors the task opened since it started, of every stream it reads, reopenings
   * included: its shared stream (once at start however many collections join it, once more per
   * later join or leave (a snapshot's end, a new snapshot), per retried error, and per reopening
   * without a busy collection kept in its {@code $match} only for its opening point), each snapshot
   * range's stream, and the reopenings of either after an event too large to read whole or at a
   * fragment of a split event without its head. The short streams that capture a start point and
   * the one-event stream that reads an event too large to read whole are not counted.
   */
  long getChangeStreamOpenings();

  /** Epoch milliseconds of the last record returned, or 0. */
  long getLastRecordTimeMs();

  /**
   * Milliseconds of oplog history behind the stream's position (from the oldest entry the oplog
   * keeps to the position): roughly how long the stream may stall before losing history; -1 when
   * unknown (not streaming, not measured yet, or no read access to local.oplog.rs).
   */
  long getOplogHeadroomMs();

  /** {@link #getOplogHeadroomMs()} as a percentage of the oplog window; -1 when unknown. */
  double getOplogHeadroomPercent();

  /**
   * Milliseconds snapshot chunk reads have waited for the consumer group of {@code
   * snapshot.pace.consumer.group} to catch up, since the task started.
   */
  long getSnapshotPacePausedMs();
}
