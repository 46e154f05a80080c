package io.mongoelastic.sink.bulk;

import io.mongoelastic.sink.document.ActionNdjson;
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

  /** Replaced only by the fallback, while the action is settled under the dispatcher's lock. */
  ActionNdjson ndjson;

  final boolean versioned;

  /**
   * The objects every action keeps besides its bytes (this, the sink record and its headers, the
   * action's parts, the id strings), estimated at 512 bytes with a short key. Counted so that a
   * buffer of small documents stays near its limit in real heap too.
   */
  static final int OBJECT_BYTES = 512;

  /** Estimated heap this action keeps alive until it settles; what the buffer limit counts. */
  final long heldBytes;

  /** When the action was queued: the linger of a request counts from its oldest action. */
  final long queuedNanos;

  long firstSentNanos = -1;
  int attempts;
  long notBeforeNanos;
  String lastError;

  /** Whether part of the document is kept unindexed ({@link MappingFallback}). */
  boolean keptUnindexed;

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
    this.heldBytes =
        OBJECT_BYTES
            + 2L * key.length()
            + ndjson.heldBeyond(record.value())
            + valueFootprint(record.value(), ndjson.length());
  }

  /** Bytes this action adds to a bulk request. */
  int size() {
    return ndjson.length();
  }

  /**
   * The record's value stays referenced (for the dead-letter queue) next to the bulk bytes: bytes
   * and strings weigh their length; a converted map or Struct is counted at twice the document's
   * JSON, a rough but safe figure for the object graph behind it.
   */
  private static long valueFootprint(Object value, int documentBytes) {
    if (value == null) {
      return 0;
    }
    if (value instanceof byte[] bytes) {
      return bytes.length;
    }
    if (value instanceof String text) {
      return text.length();
    }
    return 2L * documentBytes;
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
