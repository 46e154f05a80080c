package io.mongoelastic.source;

import io.mongoelastic.source.record.ControlRecordType;
import io.mongoelastic.source.record.SourceRecordFactory;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/** Snapshot start/end control records, one per partition of the collection's topic. */
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
      String namespace,
      ControlRecordType control,
      String snapshotId,
      Map<String, ?> sourcePartition,
      Map<String, ?> sourceOffset) {
    int count = partitions.partitions(topic);
    for (int p = 0; p < count; p++) {
      out.add(
          records.controlRecord(
              sourcePartition, sourceOffset, topic, p, namespace, control, snapshotId));
    }
  }
}
