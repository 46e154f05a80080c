package io.mongoelastic.sink.resync;

import io.mongoelastic.sink.document.RecordClassifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A snapshot start or end marker of the MongoDB source connector, read from a control record's
 * headers (falling back to the fields of its value): see docs/mongodb-source-record-format.md.
 *
 * @param partitionCount how many partitions carry the markers, or null when the record does not say
 * @param reason why the source took the snapshot; UNSPECIFIED when the record does not say
 */
public record SnapshotMarker(
    Kind kind, String snapshotId, String namespace, Integer partitionCount, ResyncReason reason) {

  public static final String SNAPSHOT_ID_HEADER = "mongoelastic.snapshot.id";
  public static final String NAMESPACE_HEADER = "mongoelastic.namespace";
  public static final String PARTITION_COUNT_HEADER = "mongoelastic.partition.count";
  public static final String REASON_HEADER = "mongoelastic.snapshot.reason";

  /** Header on snapshot records (as opposed to change records): {@code snapshot}. */
  public static final String OPERATION_HEADER = "mongoelastic.operation";

  public enum Kind {
    START,
    END
  }

  /** The marker a record carries; empty for data records and for other control records. */
  public static Optional<SnapshotMarker> of(SinkRecord record) {
    if (record.headers().lastWithName(RecordClassifier.CONTROL_HEADER) == null) {
      return Optional.empty(); // the hot path: every data record
    }
    String control = text(record, RecordClassifier.CONTROL_HEADER, "control");
    Kind kind =
        "snapshot_start".equals(control)
            ? Kind.START
            : "snapshot_end".equals(control) ? Kind.END : null;
    String id = text(record, SNAPSHOT_ID_HEADER, "snapshotId");
    if (kind == null || id == null || id.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new SnapshotMarker(
            kind,
            id,
            text(record, NAMESPACE_HEADER, "namespace"),
            count(text(record, PARTITION_COUNT_HEADER, "partitionCount")),
            ResyncReason.parse(text(record, REASON_HEADER, "reason"))));
  }

  /** Whether the record is a snapshot read rather than a change. */
  public static boolean isSnapshotRecord(SinkRecord record) {
    return "snapshot".equals(text(record, OPERATION_HEADER, null));
  }

  private static Integer count(String text) {
    if (text == null) {
      return null;
    }
    try {
      int count = Integer.parseInt(text.trim());
      return count > 0 ? count : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A header as text (a string, a number or UTF-8 bytes), else the value's field, else null. */
  private static String text(SinkRecord record, String header, String field) {
    Header found = record.headers().lastWithName(header);
    Object value = found == null ? null : found.value();
    if (value == null && field != null && record.value() instanceof Map<?, ?> map) {
      value = map.get(field);
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof ByteBuffer buffer) {
      return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
    return value == null ? null : value.toString();
  }
}
