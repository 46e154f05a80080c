package io.mongoelastic.sink.metrics;

/**
 * JMX view of one sink task, registered as {@code
 * io.mongoelastic:type=sink-task,connector=<name>,task=<id>}. Totals count since the task started;
 * rates are per second over the last ten seconds.
 */
public interface SinkTaskMetricsMBean {
  /** Actions Elasticsearch acknowledged (index, update or delete). */
  long getDocumentsWrittenTotal();

  double getDocumentsWrittenRate();

  /** NDJSON bytes sent in bulk requests, retries included. */
  long getBytesSentTotal();

  double getBytesSentRate();

  long getBulkRequestsTotal();

  /** Mean latency of the bulk requests of the last ten seconds. */
  double getBulkLatencyAvgMs();

  long getBulkLatencyMaxMs();

  /** Items sent again after a temporary refusal or a failed request. */
  long getRetriesTotal();

  /** Items refused with 429 (too many requests). */
  long getRejectionsTotal();

  /** Bulk requests that failed as a whole (connection, timeout, 5xx). */
  long getRequestFailuresTotal();

  /** Writes refused as stale by external versioning (counted as done). */
  long getVersionConflictsTotal();

  /** Records sent to the dead-letter queue. */
  long getDeadLetterTotal();

  /** Records skipped by behavior.on.malformed.documents=warn or ignore. */
  long getMalformedSkippedTotal();

  /**
   * Documents indexed only after the mapping-error fallback moved a refused part of them under
   * {@code _mongoelastic.stored} (kept, not indexed).
   */
  long getKeptUnindexedTotal();

  /** Bytes of actions not yet acknowledged (queued, in flight, awaiting retry). */
  long getBufferedBytes();

  long getBufferedActions();

  int getInFlightRequests();

  /** Records received but not yet committable (the lag of the committed offsets). */
  long getUncommittedRecords();

  /**
   * The resync state of each index the task writes, as a JSON array of objects (logicalIndex,
   * phase, currentIndex, pendingIndex, reason, partitions started/ended, …); "[]" when resync is
   * off.
   */
  String getResyncStatus();

  /** Whether the task has paused its partitions (buffer full or cluster unreachable). */
  boolean isPaused();
}
