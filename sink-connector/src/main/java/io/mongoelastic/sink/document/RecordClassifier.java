package io.mongoelastic.sink.document;

import io.mongoelastic.common.record.SourceRecordHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/** Sorts sink records into control records, tombstones and documents. */
public final class RecordClassifier {
  /** Header marking control records (snapshot markers) of the MongoDB source connector. */
  public static final String CONTROL_HEADER = SourceRecordHeaders.CONTROL;

  /** Header carrying the int64 source version of the MongoDB source connector. */
  public static final String SOURCE_VERSION_HEADER = SourceRecordHeaders.SOURCE_VERSION;

  /**
   * The kind of {@code record}: any record carrying a {@value #CONTROL_HEADER} header is a control
   * record, whatever its value; otherwise a null value is a tombstone.
   */
  public RecordKind classify(SinkRecord record) {
    if (record.headers().lastWithName(CONTROL_HEADER) != null) {
      return RecordKind.CONTROL;
    }
    return record.value() == null ? RecordKind.TOMBSTONE : RecordKind.DOCUMENT;
  }
}
