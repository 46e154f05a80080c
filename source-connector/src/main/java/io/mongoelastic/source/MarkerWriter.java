package io.mongoelastic.source;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/** Snapshot start/end control records, one per partition of the collection's topic. */
final class MarkerWriter {
  static final String SNAPSHOT_START = "snapshot_start";
  static final String SNAPSHOT_END = "snapshot_end";

  private final TopicPartitionCounter partitions;

  MarkerWriter(TopicPartitionCounter partitions) {
    this.partitions = partitions;
  }

  void write(
      List<SourceRecord> out,
      String topic,
      String namespace,
      String control,
      String snapshotId,
      Map<String, ?> sourcePartition,
      Map<String, ?> sourceOffset) {
    int count = partitions.partitions(topic);
    for (int p = 0; p < count; p++) {
      out.add(
          RecordStandIn.control(
              sourcePartition, sourceOffset, topic, p, namespace, control, snapshotId));
    }
  }
}
