package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.CollectionOffset.Phase;
import io.mongoelastic.source.stream.HistoryLostException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class HistoryLostResponseTest {
  private static final HistoryLostException LOST =
      new HistoryLostException("shop.orders", new IllegalStateException("286"));
  private static final BsonDocument TOKEN = BsonDocument.parse("{_data: '8263'}");

  private static MongoSourceConfig config(String policy) {
    Map<String, String> props = new HashMap<>();
    props.put("mongodb.uri", "mongodb://localhost:27017/?replicaSet=rs0");
    props.put("mongodb.database", "shop");
    props.put("stream.on.history.lost", policy);
    return new MongoSourceConfig(props);
  }

  private static CollectionOffset streamingAfter(SnapshotReason reason, BsonDocument token) {
    return CollectionOffset.builder(Phase.STREAM)
        .snapshotId("s1")
        .reason(reason)
        .startAt(new BsonTimestamp(5, 1))
        .resumeToken(token)
        .build();
  }

  @Test
  void resnapshotsWhenTheStreamHadMovedPastItsSnapshot() {
    assertThatCode(
            () ->
                HistoryLostResponse.resnapshotOrFail(
                    config("resnapshot"),
                    "shop.orders",
                    streamingAfter(SnapshotReason.HISTORY_LOST, TOKEN),
                    false,
                    LOST))
        .doesNotThrowAnyException();
  }

  @Test
  void resnapshotsOnceWhenTheFirstSnapshotsStartIsLost() {
    assertThatCode(
            () ->
                HistoryLostResponse.resnapshotOrFail(
                    config("resnapshot"),
                    "shop.orders",
                    streamingAfter(SnapshotReason.INITIAL, null),
                    false,
                    LOST))
        .doesNotThrowAnyException();
  }

  @Test
  void failsSayingTheOplogIsTooShortWhenAHistoryLostSnapshotLosesItsStartToo() {
    assertThatThrownBy(
            () ->
                HistoryLostResponse.resnapshotOrFail(
                    config("resnapshot"),
                    "shop.orders",
                    streamingAfter(SnapshotReason.HISTORY_LOST, null),
                    false,
                    LOST))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("shop.orders")
        .hasMessageContaining("oplog window is shorter than a snapshot")
        .hasMessageContaining("replSetResizeOplog")
        .hasMessageContaining("snapshot.resync.request");
  }

  @Test
  void failsNamingTheSettingWhenThePolicyIsFail() {
    assertThatThrownBy(
            () ->
                HistoryLostResponse.resnapshotOrFail(
                    config("fail"),
                    "shop.orders",
                    streamingAfter(SnapshotReason.INITIAL, TOKEN),
                    false,
                    LOST))
        .hasMessageContaining("stream.on.history.lost");
  }

  @Test
  void aStreamThatStoredAnyTokenAfterTheSnapshotHasMovedPastIt() {
    assertThat(
            HistoryLostResponse.lostStartOfHistoryLostSnapshot(
                streamingAfter(SnapshotReason.HISTORY_LOST, TOKEN)))
        .isFalse();
    assertThat(
            HistoryLostResponse.lostStartOfHistoryLostSnapshot(
                streamingAfter(SnapshotReason.USER_REQUESTED, null)))
        .isFalse();
  }

  @Test
  void resnapshotsWhenAQuietStreamHadAnsweredAfterAHistoryLostSnapshot() {
    // Heartbeats off: no token was stored, but the stream ran from the start point, so this loss
    // came later and a new snapshot can succeed.
    assertThatCode(
            () ->
                HistoryLostResponse.resnapshotOrFail(
                    config("resnapshot"),
                    "shop.orders",
                    streamingAfter(SnapshotReason.HISTORY_LOST, null),
                    true,
                    LOST))
        .doesNotThrowAnyException();
  }
}
