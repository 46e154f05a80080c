package io.mongoelastic.source.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongoelastic.common.record.ControlRecordType;
import io.mongoelastic.common.record.Operation;
import io.mongoelastic.common.record.SnapshotMarker;
import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.common.record.SourceRecordHeaders;
import io.mongoelastic.common.record.SourceVersion;
import io.mongoelastic.source.snapshot.SnapshotPlan;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class SourceRecordFactoryTest {

  private static final Map<String, ?> PARTITION = Map.of("ns", "db.c");
  private static final Map<String, ?> OFFSET = Map.of("token", "abc");
  private static final ObjectId OID = new ObjectId("5f1b2c3d4e5f60718293a4b5");
  private static final long VERSION = SourceVersion.of(1_700_000_000, 3);

  private final SourceRecordFactory factory = new SourceRecordFactory();

  @Test
  void buildsDocumentRecordWithStringKeySchemalessValueAndHeaders() {
    BsonDocument document =
        new BsonDocument("_id", new BsonObjectId(OID)).append("n", new BsonInt32(1));
    SourceRecord record =
        factory.documentRecord(
            PARTITION,
            OFFSET,
            "mongodb.db.c",
            null,
            "db.c",
            new BsonObjectId(OID),
            document,
            Operation.INSERT,
            VERSION);

    assertThat(record.topic()).isEqualTo("mongodb.db.c");
    assertThat(record.kafkaPartition()).isNull();
    assertThat(record.sourcePartition()).isEqualTo(PARTITION);
    assertThat(record.sourceOffset()).isEqualTo(OFFSET);
    assertThat(record.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
    assertThat(record.key()).isEqualTo(OID.toHexString());
    assertThat(record.valueSchema()).isNull();
    assertThat(record.value()).isEqualTo(Map.of("_id", OID.toHexString(), "n", 1));
    assertThat(header(record, SourceRecordHeaders.OPERATION).value()).isEqualTo("insert");
    assertThat(header(record, SourceRecordHeaders.NAMESPACE).value()).isEqualTo("db.c");
    Header version = header(record, SourceRecordHeaders.SOURCE_VERSION);
    assertThat(version.schema()).isEqualTo(Schema.INT64_SCHEMA);
    assertThat(version.value()).isEqualTo((1_700_000_000L << 31) | 3);
    assertThat(record.headers().lastWithName(SourceRecordHeaders.CONTROL)).isNull();
  }

  @Test
  void buildsDeleteAsTombstoneUnderTheSameKey() {
    SourceRecord record =
        factory.documentRecord(
            PARTITION,
            OFFSET,
            "mongodb.db.c",
            2,
            "db.c",
            new BsonString("1"),
            null,
            Operation.DELETE,
            VERSION);
    assertThat(record.key()).isEqualTo("~s:1");
    assertThat(record.value()).isNull();
    assertThat(record.valueSchema()).isNull();
    assertThat(record.kafkaPartition()).isEqualTo(2);
    assertThat(header(record, SourceRecordHeaders.OPERATION).value()).isEqualTo("delete");
  }

  @Test
  void refusesMissingOrUnexpectedDocument() {
    assertThatThrownBy(
            () ->
                factory.documentRecord(
                    PARTITION,
                    OFFSET,
                    "t",
                    null,
                    "db.c",
                    new BsonInt32(1),
                    null,
                    Operation.UPDATE,
                    VERSION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("update")
        .hasMessageContaining("db.c");
    assertThatThrownBy(
            () ->
                factory.documentRecord(
                    PARTITION,
                    OFFSET,
                    "t",
                    null,
                    "db.c",
                    new BsonInt32(1),
                    new BsonDocument(),
                    Operation.DELETE,
                    VERSION))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void buildsControlRecordForAnExplicitPartition() {
    SnapshotMarker marker =
        new SnapshotMarker(
            ControlRecordType.SNAPSHOT_END, "db.c", "snap-1", SnapshotReason.HISTORY_LOST, 4);
    SourceRecord record = factory.controlRecord(PARTITION, OFFSET, "mongodb.db.c", 3, marker);
    assertThat(record.kafkaPartition()).isEqualTo(3);
    assertThat(record.key()).isNull();
    assertThat(record.keySchema()).isNull();
    assertThat(record.value())
        .isEqualTo(
            Map.of(
                "snapshotId", "snap-1",
                "namespace", "db.c",
                "control", "snapshot_end",
                "reason", "history_lost",
                "partitionCount", 4));
    assertThat(header(record, SourceRecordHeaders.CONTROL).value()).isEqualTo("snapshot_end");
    assertThat(header(record, SourceRecordHeaders.SNAPSHOT_ID).value()).isEqualTo("snap-1");
    assertThat(header(record, SourceRecordHeaders.NAMESPACE).value()).isEqualTo("db.c");
    assertThat(record.headers().lastWithName(SourceRecordHeaders.OPERATION)).isNull();
  }

  @Test
  void controlRecordHeadersCarryReasonAndPartitionCountAsTyped() {
    for (SnapshotReason reason : SnapshotReason.values()) {
      SnapshotMarker marker =
          new SnapshotMarker(ControlRecordType.SNAPSHOT_START, "db.c", "snap-2", reason, 2);
      SourceRecord record = factory.controlRecord(PARTITION, OFFSET, "mongodb.db.c", 1, marker);
      Header reasonHeader = header(record, SourceRecordHeaders.SNAPSHOT_REASON);
      assertThat(reasonHeader.key()).isEqualTo("mongoelastic.snapshot.reason");
      assertThat(reasonHeader.schema()).isEqualTo(Schema.STRING_SCHEMA);
      assertThat(reasonHeader.value()).isEqualTo(reason.wireValue());
      Header count = header(record, SourceRecordHeaders.PARTITION_COUNT);
      assertThat(count.key()).isEqualTo("mongoelastic.partition.count");
      assertThat(count.schema()).isEqualTo(Schema.INT32_SCHEMA);
      assertThat(count.value()).isEqualTo(2);
    }
    assertThat(SnapshotReason.INITIAL.wireValue()).isEqualTo("initial");
    assertThat(SnapshotReason.HISTORY_LOST.wireValue()).isEqualTo("history_lost");
    assertThat(SnapshotReason.USER_REQUESTED.wireValue()).isEqualTo("user_requested");
    assertThat(SnapshotReason.fromWireValue("user_requested"))
        .isEqualTo(SnapshotReason.USER_REQUESTED);
  }

  @Test
  void anUnknownPartitionCountIsLeftOutRatherThanClaimedAsOne() {
    SnapshotMarker marker =
        new SnapshotMarker(
            ControlRecordType.SNAPSHOT_START, "db.c", "snap-4", SnapshotReason.INITIAL, null);
    SourceRecord record = factory.controlRecord(PARTITION, OFFSET, "mongodb.db.c", 0, marker);
    assertThat(record.headers().lastWithName(SourceRecordHeaders.PARTITION_COUNT)).isNull();
    assertThat(header(record, SourceRecordHeaders.SNAPSHOT_REASON).value()).isEqualTo("initial");
    assertThat(((Map<?, ?>) record.value()).containsKey("partitionCount")).isFalse();
    assertThatThrownBy(() -> factory.controlRecord(PARTITION, OFFSET, "t", 1, marker))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAControlRecordForAPartitionBeyondTheCount() {
    SnapshotMarker marker =
        new SnapshotMarker(
            ControlRecordType.SNAPSHOT_START, "db.c", "snap-3", SnapshotReason.INITIAL, 2);
    assertThatThrownBy(() -> factory.controlRecord(PARTITION, OFFSET, "t", 2, marker))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new SnapshotMarker(
                    ControlRecordType.SNAPSHOT_START, "db.c", "s", SnapshotReason.INITIAL, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wireValuesAreLowerSnakeAndReadBack() {
    assertThat(Operation.SNAPSHOT.wireValue()).isEqualTo("snapshot");
    assertThat(ControlRecordType.SNAPSHOT_START.wireValue()).isEqualTo("snapshot_start");
    for (Operation operation : Operation.values()) {
      assertThat(Operation.fromWireValue(operation.wireValue())).isEqualTo(operation);
    }
    for (ControlRecordType type : ControlRecordType.values()) {
      assertThat(ControlRecordType.fromWireValue(type.wireValue())).isEqualTo(type);
    }
    assertThatThrownBy(() -> Operation.fromWireValue("drop"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void snapshotRecordsCarryTheStartPointInTheShift31Encoding() {
    BsonTimestamp startAt = new BsonTimestamp(Integer.MIN_VALUE, 9); // 2038-01-19, past int32
    SnapshotPlan plan =
        new SnapshotPlan("db.c", "snap-1", SnapshotReason.INITIAL, startAt, null, List.of());
    assertThat(plan.version())
        .isEqualTo((Integer.toUnsignedLong(Integer.MIN_VALUE) << 31) | 9)
        .isPositive();
    assertThat(SourceVersion.seconds(plan.version()))
        .isEqualTo(Integer.toUnsignedLong(startAt.getTime()));
    assertThat(SourceVersion.increment(plan.version())).isEqualTo(startAt.getInc());
  }

  private static Header header(SourceRecord record, String name) {
    Header header = record.headers().lastWithName(name);
    assertThat(header).as(name).isNotNull();
    return header;
  }
}
