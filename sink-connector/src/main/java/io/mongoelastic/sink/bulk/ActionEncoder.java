package io.mongoelastic.sink.bulk;

import io.mongoelastic.sink.document.ActionNdjson;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns one record into its bulk actions (the NDJSON lines of an index, update or delete), one per
 * target index, or says why it produces none. Implementations must not keep the record; the actions
 * may share the bytes of its value, which are never modified.
 */
public interface ActionEncoder {

  /** What one record becomes. */
  sealed interface Encoded permits Actions, Skip, Malformed {}

  /**
   * One bulk action.
   *
   * @param index the index or alias written to
   * @param id the document id
   * @param ndjson the action line and, except for deletes, the source line, each ending in '\n'
   * @param versioned whether the action carries an external version (a 409 then means stale)
   */
  record Action(String index, String id, ActionNdjson ndjson, boolean versioned) {}

  /**
   * The actions of one record: the same write for each target index. The record is done when all of
   * them are.
   */
  record Actions(List<Action> actions) implements Encoded {
    public Actions {
      actions = List.copyOf(actions);
      if (actions.isEmpty()) {
        throw new IllegalArgumentException("at least one action");
      }
    }
  }

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
   * @param targets the indices the write goes to, given the index the record maps to (during a
   *     resync: the alias and/or the index being filled); called at most once
   * @throws org.apache.kafka.connect.errors.ConnectException when the record must fail the task
   *     (e.g. a tombstone under behavior.on.null.values=fail), or a {@link
   *     org.apache.kafka.connect.errors.RetriableException} from {@code targets}
   */
  Encoded encode(SinkRecord record, Function<String, List<String>> targets);
}
