package io.mongoelastic.source.record;

import io.mongoelastic.common.record.ControlRecordFields;
import io.mongoelastic.common.record.Operation;
import io.mongoelastic.common.record.SnapshotMarker;
import io.mongoelastic.common.record.SourceRecordHeaders;
import io.mongoelastic.common.record.SourceVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Builds the source's Kafka Connect records from plain values, so the snapshot and the change
 * stream share one record format.
 *
 * <ul>
 *   <li>Document record: key {@link Schema#STRING_SCHEMA} + {@link DocumentIdEncoder#encode}, value
 *       the schemaless document map (no value schema), or {@code null} (a tombstone) for {@link
 *       Operation#DELETE}; headers {@link SourceRecordHeaders#forDocument}.
 *   <li>Control record: key {@code null}, value {@code {snapshotId, namespace, control, reason,
 *       partitionCount}}, an explicit partition; headers {@link SourceRecordHeaders#forControl}.
 *       The caller writes one per partition of the topic.
 * </ul>
 */
public final class SourceRecordFactory {

  private final BsonValueMapper valueMapper;

  /** A factory with the default {@link BsonValueMapper}. */
  public SourceRecordFactory() {
    this(new BsonValueMapper());
  }

  public SourceRecordFactory(BsonValueMapper valueMapper) {
    this.valueMapper = Objects.requireNonNull(valueMapper, "valueMapper");
  }

  /**
   * Builds a document record.
   *
   * @param sourcePartition the task's source partition for this read
   * @param sourceOffset the offset to commit once this record is written
   * @param topic the collection's topic
   * @param partition the Kafka partition, or {@code null} to let the producer pick it from the key
   *     (the same key always lands in the same partition)
   * @param namespace {@code <database>.<collection>}
   * @param id the document's {@code _id}
   * @param document the full document; must be {@code null} for {@link Operation#DELETE} and
   *     non-null otherwise
   * @param operation what happened
   * @param sourceVersion see {@link SourceVersion}
   */
  public SourceRecord documentRecord(
      Map<String, ?> sourcePartition,
      Map<String, ?> sourceOffset,
      String topic,
      Integer partition,
      String namespace,
      BsonValue id,
      BsonDocument document,
      Operation operation,
      long sourceVersion) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operation, "operation");
    if (operation == Operation.DELETE && document != null) {
      throw new IllegalArgumentException("A delete record is a tombstone; pass a null document");
    }
    if (operation != Operation.DELETE && document == null) {
      throw new IllegalArgumentException(
          "A "
              + operation.wireValue()
              + " record needs the full document (in "
              + namespace
              + "); if the update lookup found none, the document was deleted since: skip the"
              + " event or write a delete");
    }
    Map<String, Object> value = document == null ? null : valueMapper.toConnectValue(document);
    return record(
        sourcePartition,
        sourceOffset,
        topic,
        partition,
        namespace,
        id,
        value,
        operation,
        sourceVersion);
  }

  /**
   * Builds a snapshot record from a document already mapped while it was read (see {@link
   * MappedDocumentCodec}); otherwise the same as {@link #documentRecord}.
   */
  public SourceRecord snapshotRecord(
      Map<String, ?> sourcePartition,
      Map<String, ?> sourceOffset,
      String topic,
      String namespace,
      MappedDocument document,
      long sourceVersion) {
    Objects.requireNonNull(document.id(), "_id");
    return record(
        sourcePartition,
        sourceOffset,
        topic,
        null,
        namespace,
        document.id(),
        document.value(),
        Operation.SNAPSHOT,
        sourceVersion);
  }

  private static SourceRecord record(
      Map<String, ?> sourcePartition,
      Map<String, ?> sourceOffset,
      String topic,
      Integer partition,
      String namespace,
      BsonValue id,
      Map<String, Object> value,
      Operation operation,
      long sourceVersion) {
    return new SourceRecord(
        sourcePartition,
        sourceOffset,
        topic,
        partition,
        Schema.STRING_SCHEMA,
        DocumentIdEncoder.encode(id),
        null,
        value,
        null,
        SourceRecordHeaders.forDocument(operation, namespace, sourceVersion));
  }

  /**
   * Builds a control record for one partition of a topic.
   *
   * @param partition the Kafka partition; control records go to every partition of the topic
   *     ({@link SnapshotMarker#partitionCount()} of them; partition 0 only when it is unknown)
   */
  public SourceRecord controlRecord(
      Map<String, ?> sourcePartition,
      Map<String, ?> sourceOffset,
      String topic,
      int partition,
      SnapshotMarker marker) {
    int carriers = marker.partitionCount() == null ? 1 : marker.partitionCount();
    if (partition < 0 || partition >= carriers) {
      throw new IllegalArgumentException(
          "Partition " + partition + " is outside the marker's " + carriers);
    }
    Map<String, Object> value = new LinkedHashMap<>(8);
    value.put(ControlRecordFields.SNAPSHOT_ID, marker.snapshotId());
    value.put(ControlRecordFields.NAMESPACE, marker.namespace());
    value.put(ControlRecordFields.CONTROL, marker.type().wireValue());
    value.put(ControlRecordFields.REASON, marker.reason().wireValue());
    if (marker.partitionCount() != null) {
      value.put(ControlRecordFields.PARTITION_COUNT, marker.partitionCount());
    }
    return new SourceRecord(
        sourcePartition,
        sourceOffset,
        topic,
        partition,
        null,
        null,
        null,
        value,
        null,
        SourceRecordHeaders.forControl(marker));
  }
}
