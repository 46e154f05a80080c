package io.mongoelastic.sink.resync;

import io.mongoelastic.common.record.ControlRecordFields;
import io.mongoelastic.common.record.ControlRecordType;
import io.mongoelastic.common.record.Operation;
import io.mongoelastic.common.record.SourceRecordHeaders;
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

  public enum Kind {
    START,
    END
  }

  /** The marker a record carries; empty for data records and for other control records. */
  public static Optional<SnapshotMarker> of(SinkRecord record) {
    if (record.headers().lastWithName(SourceRecordHeaders.CONTROL) == null) {
      return Optional.empty(); // the hot path: every data record
    }
    String control = text(record, SourceRecordHeaders.CONTROL, ControlRecordFields.CONTROL);
    Kind kind =
        ControlRecordType.SNAPSHOT_START.wireValue().equals(control)
            ? Kind.START
            : ControlRecordType.SNAPSHOT_END.wireValue().equals(control) ? Kind.END : null;
    String id = text(record, SourceRecordHeaders.SNAPSHOT_ID, ControlRecordFields.SNAPSHOT_ID);
    if (kind == null || id == null || id.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new SnapshotMarker(
            kind,
            id,
            text(record, SourceRecordHeaders.NAMESPACE, ControlRecordFields.NAMESPACE),
            count(
                text(
                    record,
                    SourceRecordHeaders.PARTITION_COUNT,
                    ControlRecordFields.PARTITION_COUNT)),
            ResyncReason.parse(
                text(record, SourceRecordHeaders.SNAPSHOT_REASON, ControlRecordFields.REASON))));
  }

  /** Whether the record is a snapshot read rather than a change. */
  public static boolean isSnapshotRecord(SinkRecord record) {
    return Operation.SNAPSHOT.wireValue().equals(text(record, SourceRecordHeaders.OPERATION, null));
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
