package io.mongoelastic.sink.bulk;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One action the task owes Elasticsearch, from the record that produced it until it is
 * acknowledged, refused as stale, or handed to the malformed-document policy. Mutable retry state
 * is guarded by the {@link BulkDispatcher}'s lock.
 */
final class PendingAction {
  final long sequence;
  final SinkRecord record;
  final TopicPartition partition;
  final long offset;
  final String index;
  final String key;
  final byte[] ndjson;
  final boolean versioned;

  /** When the action was queued: the linger of a request counts from its oldest action. */
  final long queuedNanos;

  long firstSentNanos = -1;
  int attempts;
  long notBeforeNanos;
  String lastError;

  PendingAction(
      long sequence,
      SinkRecord record,
      TopicPartition partition,
      long offset,
      ActionEncoder.Action action,
      long queuedNanos) {
    this.sequence = sequence;
    this.queuedNanos = queuedNanos;
    this.record = record;
    this.partition = partition;
    this.offset = offset;
    this.index = action.index();
    this.key = action.index() + '\u0000' + action.id();
    this.ndjson = action.ndjson();
    this.versioned = action.versioned();
  }

  int size() {
    return ndjson.length;
  }

  /** Where the record came from, for logs and errors; never its content. */
  String describe() {
    return "topic "
        + partition.topic()
        + " partition "
        + partition.partition()
        + " offset "
        + offset
        + " (index "
        + index
        + ")";
  }
}
