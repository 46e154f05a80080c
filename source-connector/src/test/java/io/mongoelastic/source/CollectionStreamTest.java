package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.CollectionOffset.Phase;
import io.mongoelastic.source.offset.CollectionPartition;
import io.mongoelastic.source.stream.StreamPosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

/** A collection's heartbeats from the shared stream's progress. */
class CollectionStreamTest {
  private static BsonDocument token(int seconds) {
    long time = (long) seconds << 32 | 1;
    return new BsonDocument("_data", new BsonString(String.format("82%016X2B0229", time)));
  }

  private static CollectionStream stream(SourceTaskMetrics metrics, BsonDocument position) {
    Map<String, String> props = new HashMap<>();
    props.put("mongodb.uri", "mongodb://localhost:27017/?replicaSet=rs0");
    props.put("mongodb.database", "shop");
    // Every answer of the stream is a heartbeat's occasion.
    props.put("heartbeat.interval.ms", "1");
    CollectionOffset offset =
        CollectionOffset.builder(Phase.STREAM)
            .resyncToken("r1")
            .startAt(new BsonTimestamp(50, 1))
            .resumeToken(position)
            .build();
    return new CollectionStream(
        "orders",
        new MongoSourceConfig(props),
        new CollectionPartition("shop.orders").toMap(),
        metrics,
        offset,
        e -> {});
  }

  @Test
  void aQuietCollectionStoresTheSharedStreamsProgressButNeverMovesBack() throws Exception {
    try (SourceTaskMetrics metrics = new SourceTaskMetrics("collection-stream-test", 0)) {
      CollectionStream orders = stream(metrics, token(200));
      List<SourceRecord> out = new ArrayList<>();
      Thread.sleep(5);

      // The shared stream reopened earlier for a collection that joined: still behind orders.
      orders.reached(StreamPosition.after(token(100), false), null, out);
      assertThat(out).isEmpty();
      assertThat(orders.position().token()).isEqualTo(token(200));

      orders.reached(StreamPosition.after(token(300), false), null, out);
      assertThat(out).singleElement().satisfies(r -> assertThat(r.topic()).contains("heartbeat"));
      assertThat(orders.offset().resumeToken()).isEqualTo(token(300));
      assertThat(out.get(0).sourceOffset()).isEqualTo(orders.offset().toMap());
    }
  }

  @Test
  void anotherCollectionsEventIsStoredWithThatCollectionAndItsOwnWithout() throws Exception {
    try (SourceTaskMetrics metrics = new SourceTaskMetrics("collection-stream-test", 0)) {
      CollectionStream orders = stream(metrics, token(200));
      List<SourceRecord> out = new ArrayList<>();
      Thread.sleep(5);

      orders.reached(StreamPosition.after(token(300), false), "invoices", out);
      assertThat(orders.positionCollection()).isEqualTo("invoices");
      assertThat(out.get(0).sourceOffset().get("position_collection")).isEqualTo("invoices");

      Thread.sleep(5);
      orders.reached(StreamPosition.after(token(400), false), null, out);
      assertThat(orders.positionCollection()).isNull();
      assertThat(out).hasSize(2);
      assertThat(out.get(1).sourceOffset()).doesNotContainKey("position_collection");
    }
  }
}
