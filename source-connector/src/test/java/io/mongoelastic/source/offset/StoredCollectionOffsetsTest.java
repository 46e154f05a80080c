package io.mongoelastic.source.offset;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.offset.CollectionOffset.Phase;
import io.mongoelastic.source.snapshot.IdRange;
import io.mongoelastic.source.snapshot.SnapshotPlan;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Collection offsets exactly as the worker stored them for earlier builds (JSON in the offsets
 * topic, written by the worker's schemaless {@link JsonConverter}): they must read back as the same
 * positions, and the same positions must be written in the same form, so an upgrade neither loses
 * nor rewrites where a collection was.
 */
class StoredCollectionOffsetsTest {
  private static final JsonConverter WORKER_OFFSETS = new JsonConverter();

  @BeforeAll
  static void configureLikeTheWorker() {
    WORKER_OFFSETS.configure(Map.of("schemas.enable", "false"), false);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stored(String json) {
    return (Map<String, Object>)
        WORKER_OFFSETS.toConnectData("offsets", json.getBytes(StandardCharsets.UTF_8)).value();
  }

  private static void readsAndWritesTheSame(String json, CollectionOffset position) {
    Map<String, Object> stored = stored(json);
    assertThat(CollectionOffset.fromMap(stored)).isEqualTo(position);
    assertThat(position.toMap()).isEqualTo(stored);
  }

  @Test
  void snapshotInProgressWithItsPlan() {
    readsAndWritesTheSame(
        """
        {"phase": "snapshot", "snapshot": "s1", "reason": "user_requested",
         "resync_token": "2026-11-28T10:00", "start_at": 7301444403200000003,
         "start_token": "{\\"_data\\": \\"82AB\\"}",
         "splits": "{\\"v\\": [{\\"$numberInt\\": \\"10\\"}, {\\"$numberLong\\": \\"20\\"}, \
        {\\"$oid\\": \\"6553f1000000000000000001\\"}, \\"k\\"]}",
         "collection_uuid": "3b241101-e2bb-4255-8caf-4136c566a962"}
        """,
        new CollectionOffset(
            Phase.SNAPSHOT,
            "s1",
            SnapshotReason.USER_REQUESTED,
            "2026-11-28T10:00",
            new BsonTimestamp(1700000000, 3),
            new BsonDocument("_data", new BsonString("82AB")),
            List.of(
                new BsonInt32(10),
                new BsonInt64(20),
                new BsonObjectId(new ObjectId("6553f1000000000000000001")),
                new BsonString("k")),
            null,
            false,
            "3b241101-e2bb-4255-8caf-4136c566a962",
            null,
            null));
  }

  @Test
  void streamAfterAnInvalidate() {
    readsAndWritesTheSame(
        """
        {"phase": "stream", "snapshot": "s1", "reason": "initial", "start_at": 7301444403200000003,
         "resume_token": "{\\"_data\\": \\"82CD\\"}", "start_after": true,
         "collection_uuid": "3b241101-e2bb-4255-8caf-4136c566a962"}
        """,
        new CollectionOffset(
            Phase.STREAM,
            "s1",
            SnapshotReason.INITIAL,
            "",
            new BsonTimestamp(1700000000, 3),
            null,
            List.of(),
            new BsonDocument("_data", new BsonString("82CD")),
            true,
            "3b241101-e2bb-4255-8caf-4136c566a962",
            null,
            null));
  }

  @Test
  void streamAtAnotherCollectionsEvent() {
    readsAndWritesTheSame(
        """
        {"phase": "stream", "resync_token": "r1", "start_at": 429496729601,
         "start_token": "{\\"_data\\": \\"8201\\"}",
         "resume_token": "{\\"_data\\": \\"82EF\\"}", "start_after": false,
         "position_collection": "busy"}
        """,
        new CollectionOffset(
            Phase.STREAM,
            null,
            null,
            "r1",
            new BsonTimestamp(100, 1),
            new BsonDocument("_data", new BsonString("8201")),
            List.of(),
            new BsonDocument("_data", new BsonString("82EF")),
            false,
            null,
            "busy",
            null));
  }

  @Test
  void initialOnlySnapshotDone() {
    readsAndWritesTheSame(
        """
        {"phase": "done", "snapshot": "s3", "reason": "initial", "start_at": 429496729601}
        """,
        new CollectionOffset(
            Phase.DONE,
            "s3",
            SnapshotReason.INITIAL,
            null,
            new BsonTimestamp(100, 1),
            null,
            List.of(),
            null,
            false,
            null,
            null,
            null));
  }

  @Test
  void snapshotInProgressWithItsBound() {
    readsAndWritesTheSame(
        """
        {"phase": "snapshot", "snapshot": "s2", "reason": "initial", "start_at": 429496729601,
         "splits": "{\\"v\\": [{\\"$numberInt\\": \\"10\\"}]}",
         "highest_id": "{\\"v\\": [{\\"$oid\\": \\"6553f1000000000000000001\\"}]}"}
        """,
        CollectionOffset.builder(Phase.SNAPSHOT)
            .snapshotId("s2")
            .reason(SnapshotReason.INITIAL)
            .startAt(new BsonTimestamp(100, 1))
            .splits(List.of(new BsonInt32(10)))
            .bound(List.of(new BsonObjectId(new ObjectId("6553f1000000000000000001"))))
            .build());
  }

  @Test
  void snapshotOfAnEmptyCollectionWithItsBound() {
    readsAndWritesTheSame(
        """
        {"phase": "snapshot", "snapshot": "s2", "reason": "initial", "start_at": 429496729601,
         "highest_id": "{\\"v\\": []}"}
        """,
        CollectionOffset.builder(Phase.SNAPSHOT)
            .snapshotId("s2")
            .reason(SnapshotReason.INITIAL)
            .startAt(new BsonTimestamp(100, 1))
            .bound(List.of())
            .build());
  }

  @Test
  void snapshotOfAnEarlierBuildKeepsReadingItsLastRangeToTheEnd() {
    CollectionOffset stored =
        CollectionOffset.fromMap(
            stored(
                """
                {"phase": "snapshot", "snapshot": "s1", "reason": "initial",
                 "start_at": 429496729601, "splits": "{\\"v\\": [{\\"$numberInt\\": \\"10\\"}]}"}
                """));

    SnapshotPlan plan = SnapshotPlan.announced("db.c", stored);

    assertThat(stored.bound()).isNull();
    assertThat(plan.bound()).isNull();
    assertThat(plan.readRange(1)).isEqualTo(new IdRange(new BsonInt32(10), null));
    assertThat(plan.offset(Phase.SNAPSHOT, "", null).toMap()).doesNotContainKey("highest_id");
  }
}
