package io.mongoelastic.source;

import io.mongoelastic.common.record.ControlRecordType;
import io.mongoelastic.common.record.SnapshotMarker;
import io.mongoelastic.source.record.SourceRecordFactory;
import io.mongoelastic.source.snapshot.SnapshotPlan;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Snapshot start/end control records, one per partition of the collection's topic, each saying how
 * many partitions carry it and why the snapshot was taken.
 */
final class MarkerWriter {
  private final TopicPartitionCounter partitions;
  private final SourceRecordFactory records;

  MarkerWriter(TopicPartitionCounter partitions, SourceRecordFactory records) {
    this.partitions = partitions;
    this.records = records;
  }

  void write(
      List<SourceRecord> out,
      String topic,
      ControlRecordType control,
      SnapshotPlan plan,
      Map<String, ?> sourcePartition,
      Map<String, ?> sourceOffset) {
    int count = partitions.partitions(topic);
    // Unknown count (no Admin client): say nothing rather than "1", see SnapshotMarker.
    Integer declared = partitions.knowsCounts() ? count : null;
    SnapshotMarker marker =
        new SnapshotMarker(control, plan.namespace(), plan.snapshotId(), plan.reason(), declared);
    for (int p = 0; p < count; p++) {
      out.add(records.controlRecord(sourcePartition, sourceOffset, topic, p, marker));
    }
  }
}
