package io.mongoelastic.sink.resync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class SnapshotMarkerTest {

  private static SinkRecord record(Object value, ConnectHeaders headers) {
    return new SinkRecord(
        "t", 0, null, null, null, value, 7L, 0L, TimestampType.CREATE_TIME, headers);
  }

  @Test
  void readsEveryFieldFromTheHeadersWhateverTheirConvertedType() {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("mongoelastic.control", "snapshot_start");
    headers.addString("mongoelastic.snapshot.id", "s-1");
    headers.addString("mongoelastic.namespace", "shop.items");
    headers.addInt("mongoelastic.partition.count", 3);
    headers.addBytes(
        "mongoelastic.snapshot.reason", "history_lost".getBytes(StandardCharsets.UTF_8));

    SnapshotMarker marker = SnapshotMarker.of(record(null, headers)).orElseThrow();

    assertThat(marker)
        .isEqualTo(
            new SnapshotMarker(
                SnapshotMarker.Kind.START, "s-1", "shop.items", 3, ResyncReason.HISTORY_LOST));
  }

  @Test
  void fallsBackToTheValueAndToUnspecifiedWhenFieldsAreMissing() {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("mongoelastic.control", "snapshot_end");
    SinkRecord record =
        record(Map.of("snapshotId", "s-2", "namespace", "db.c", "partitionCount", 2L), headers);

    SnapshotMarker marker = SnapshotMarker.of(record).orElseThrow();

    assertThat(marker.kind()).isEqualTo(SnapshotMarker.Kind.END);
    assertThat(marker.snapshotId()).isEqualTo("s-2");
    assertThat(marker.partitionCount()).isEqualTo(2);
    assertThat(marker.reason()).isEqualTo(ResyncReason.UNSPECIFIED);
  }

  @Test
  void isNoMarkerWithoutTheControlHeaderOrWithAnUnknownControl() {
    assertThat(SnapshotMarker.of(record(Map.of("snapshotId", "x"), new ConnectHeaders())))
        .isEmpty();
    ConnectHeaders other = new ConnectHeaders();
    other.addString("mongoelastic.control", "heartbeat");
    other.addString("mongoelastic.snapshot.id", "s");
    assertThat(SnapshotMarker.of(record(null, other))).isEmpty();
  }

  @Test
  void tellsSnapshotRecordsFromChanges() {
    ConnectHeaders snapshot = new ConnectHeaders();
    snapshot.addString("mongoelastic.operation", "snapshot");
    ConnectHeaders update = new ConnectHeaders();
    update.addString("mongoelastic.operation", "update");
    assertThat(SnapshotMarker.isSnapshotRecord(record(Map.of(), snapshot))).isTrue();
    assertThat(SnapshotMarker.isSnapshotRecord(record(Map.of(), update))).isFalse();
  }
}
