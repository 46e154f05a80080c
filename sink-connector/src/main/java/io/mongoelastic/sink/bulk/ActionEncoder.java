package io.mongoelastic.sink.bulk;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns one record into one bulk action (the NDJSON lines of an index, update or delete), or says
 * why it produces none. Implementations must not keep the record.
 */
public interface ActionEncoder {

  /** What one record becomes. */
  sealed interface Encoded permits Action, Skip, Malformed {}

  /**
   * One bulk action.
   *
   * @param index the index or alias written to
   * @param id the document id
   * @param ndjson the action line and, except for deletes, the source line, each ending in '\n'
   * @param versioned whether the action carries an external version (a 409 then means stale)
   */
  record Action(String index, String id, byte[] ndjson, boolean versioned) implements Encoded {}

  /** Nothing to write and nothing wrong (control records, tombstones under 'ignore'). */
  record Skip() implements Encoded {}

  /**
   * The record cannot become a document; the malformed-document policy decides.
   *
   * @param reason why, never containing document content
   */
  record Malformed(String reason) implements Encoded {}

  /**
   * Encodes one record.
   *
   * @throws org.apache.kafka.connect.errors.ConnectException when the record must fail the task
   *     (e.g. a tombstone under behavior.on.null.values=fail)
   */
  Encoded encode(SinkRecord record);
}
