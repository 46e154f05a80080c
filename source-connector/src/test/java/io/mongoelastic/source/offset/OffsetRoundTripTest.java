package io.mongoelastic.source.offset;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.record.SnapshotReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonBinary;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

class OffsetRoundTripTest {
  /** The worker stores offsets as JSON: ints may come back as longs. */
  private static Map<String, Object> throughWorker(Map<String, Object> map) {
    Map<String, Object> copy = new HashMap<>();
    map.forEach((k, v) -> copy.put(k, v instanceof Integer i ? Long.valueOf(i) : v));
    return copy;
  }

  @Test
  void rangeOffsetKeepsTheExactIdType() {
    for (var id :
        List.of(
            new BsonInt32(5),
            new BsonInt64(5),
            new BsonDecimal128(Decimal128.parse("5.000")),
            new BsonObjectId(),
            new BsonBinary(new byte[] {1, 2}),
            new BsonDocument("a", new BsonString("b")))) {
      RangeOffset offset = new RangeOffset(id, false);
      assertThat(RangeOffset.fromMap(throughWorker(offset.toMap()))).isEqualTo(offset);
    }
    assertThat(RangeOffset.fromMap(null)).isEqualTo(RangeOffset.NOT_STARTED);
  }

  @Test
  void rangeOffsetWithItsStreamPositionRoundTrips() {
    BsonDocument token = new BsonDocument("_data", new BsonString("826553F10000000005"));
    RangeOffset reading = new RangeOffset(new BsonInt32(7), false).withResumeToken(token, false);
    RangeOffset closed = reading.readDone().withResumeToken(token, true).closedNow();

    assertThat(RangeOffset.fromMap(throughWorker(reading.toMap()))).isEqualTo(reading);
    assertThat(RangeOffset.fromMap(throughWorker(closed.toMap()))).isEqualTo(closed);
    assertThat(closed.done()).isTrue();
    assertThat(reading.closed()).isFalse();
  }

  @Test
  void rangeReadUnderThePreviousProtocolCountsAsClosed() {
    Map<String, Object> previous = new HashMap<>();
    previous.put("done", true);
    assertThat(RangeOffset.fromMap(previous).closed()).isTrue();
    previous.put("done", false);
    assertThat(RangeOffset.fromMap(previous).closed()).isFalse();
  }

  @Test
  void deferredRangeOffsetIsTheSameMapAndSerializesLikeIt() {
    RangeOffset offset = new RangeOffset(new BsonObjectId(), false);
    Map<String, Object> deferred = offset.toDeferredMap();

    assertThat(deferred).isEqualTo(offset.toMap());
    assertThat(RangeOffset.fromMap(throughWorker(deferred))).isEqualTo(offset);
    org.apache.kafka.connect.json.JsonConverter json =
        new org.apache.kafka.connect.json.JsonConverter();
    json.configure(Map.of("schemas.enable", "false"), false);
    assertThat(json.fromConnectData("t", null, deferred))
        .isEqualTo(json.fromConnectData("t", null, offset.toMap()));
  }

  @Test
  void partitionsRoundTrip() {
    RangePartition range = new RangePartition("shop.orders", "s1", 3);
    assertThat(RangePartition.fromMap(throughWorker(range.toMap()))).isEqualTo(range);
    CollectionPartition collection = new CollectionPartition("shop.orders");
    assertThat(CollectionPartition.fromMap(collection.toMap())).isEqualTo(collection);
  }

  @Test
  void collectionOffsetRoundTrips() {
    CollectionOffset snapshot =
        CollectionOffset.builder(CollectionOffset.Phase.SNAPSHOT)
            .snapshotId("s1")
            .reason(SnapshotReason.USER_REQUESTED)
            .resyncToken("2026-11-28T10:00")
            .startAt(new BsonTimestamp(1700000000, 3))
            .startToken(new BsonDocument("_data", new BsonString("82AB")))
            .splits(List.of(new BsonInt32(10), new BsonString("k")))
            .build();
    assertThat(CollectionOffset.fromMap(throughWorker(snapshot.toMap()))).isEqualTo(snapshot);
    CollectionOffset stream =
        snapshot.withResumeToken(new BsonDocument("_data", new BsonString("82CD")), true);
    assertThat(CollectionOffset.fromMap(throughWorker(stream.toMap()))).isEqualTo(stream);
    assertThat(stream.resyncToken()).isEqualTo("2026-11-28T10:00");
    assertThat(stream.reason()).isEqualTo(SnapshotReason.USER_REQUESTED);
    assertThat(CollectionOffset.fromMap(Map.of())).isNull();
  }

  @Test
  void builderStartsWithNothingSetAndToBuilderKeepsEveryField() {
    assertThat(CollectionOffset.builder(CollectionOffset.Phase.DONE).build())
        .isEqualTo(CollectionOffset.fromMap(Map.of("phase", "done")));
    CollectionOffset everyField =
        new CollectionOffset(
            CollectionOffset.Phase.STREAM,
            "s1",
            SnapshotReason.HISTORY_LOST,
            "r1",
            new BsonTimestamp(1700000000, 3),
            new BsonDocument("_data", new BsonString("82AB")),
            List.of(new BsonInt32(10)),
            new BsonDocument("_data", new BsonString("82CD")),
            true,
            "3b241101-e2bb-4255-8caf-4136c566a962",
            "busy",
            List.of(new BsonInt32(99)));
    assertThat(everyField.toBuilder().build()).isEqualTo(everyField);
  }

  @Test
  void offsetsWrittenBeforeResyncTokensReadAsNoTokenAndNoReason() {
    CollectionOffset old = CollectionOffset.fromMap(Map.of("phase", "stream", "snapshot", "s0"));
    assertThat(old.resyncToken()).isEmpty();
    assertThat(old.reason()).isNull();
    assertThat(old.toMap()).doesNotContainKeys("resync_token", "reason");
  }

  @Test
  void collectionUuidRoundTripsAndSurvivesNewResumeTokens() {
    CollectionOffset recorded =
        CollectionOffset.builder(CollectionOffset.Phase.STREAM)
            .snapshotId("s2")
            .reason(SnapshotReason.COLLECTION_REPLACED)
            .startAt(new BsonTimestamp(1700000000, 1))
            .build()
            .withUuid("3b241101-e2bb-4255-8caf-4136c566a962");
    CollectionOffset read = CollectionOffset.fromMap(throughWorker(recorded.toMap()));
    assertThat(read).isEqualTo(recorded);
    assertThat(read.reason()).isEqualTo(SnapshotReason.COLLECTION_REPLACED);
    assertThat(
            read.withResumeToken(new BsonDocument("_data", new BsonString("82EF")), false).uuid())
        .isEqualTo("3b241101-e2bb-4255-8caf-4136c566a962");
  }

  @Test
  void offsetsWrittenBeforeUuidsReadAsUnknownUuid() {
    CollectionOffset old =
        CollectionOffset.fromMap(
            Map.of("phase", "stream", "snapshot", "s0", "resume_token", "{\"_data\": \"82AB\"}"));
    assertThat(old.uuid()).isNull();
    assertThat(old.toMap()).doesNotContainKey("collection_uuid");
  }

  @Test
  void anotherCollectionsEventTokenKeepsItsCollectionAndANewerOwnTokenDropsIt() {
    CollectionOffset quiet =
        CollectionOffset.fromMap(Map.of("phase", "stream", "snapshot", "s0", "resume_token", "{}"))
            .withEventOf(new BsonDocument("_data", new BsonString("82AC")), "busy");
    CollectionOffset read = CollectionOffset.fromMap(throughWorker(quiet.toMap()));
    assertThat(read).isEqualTo(quiet);
    assertThat(read.positionCollection()).isEqualTo("busy");
    CollectionOffset own =
        read.withResumeToken(new BsonDocument("_data", new BsonString("82AD")), false);
    assertThat(own.positionCollection()).isNull();
    assertThat(own.toMap()).doesNotContainKey("position_collection");
  }

  @Test
  void offsetsWrittenBeforePositionCollectionsReadAsOwnPositions() {
    CollectionOffset old =
        CollectionOffset.fromMap(
            Map.of("phase", "stream", "snapshot", "s0", "resume_token", "{\"_data\": \"82AB\"}"));
    assertThat(old.positionCollection()).isNull();
  }
}
