package io.mongoelastic.source.offset;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.source.offset.CollectionOffset.Phase;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class OffsetLookupTest {
  @Test
  void readsTheOffsetsOfManyCollectionsInOneCall() {
    CollectionOffset stored =
        CollectionOffset.builder(Phase.STREAM)
            .resyncToken("r1")
            .startAt(new BsonTimestamp(100, 1))
            .resumeToken(new BsonDocument("_data", new BsonString("8200000064000000012B0229")))
            .build();
    AtomicInteger reads = new AtomicInteger();
    OffsetStorageReader reader =
        new OffsetStorageReader() {
          @Override
          public <T> Map<String, Object> offset(Map<String, T> partition) {
            throw new AssertionError("one read per collection");
          }

          @Override
          public <T> Map<Map<String, T>, Map<String, Object>> offsets(
              Collection<Map<String, T>> partitions) {
            reads.incrementAndGet();
            Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
            for (Map<String, T> partition : partitions) {
              if (partition.equals(new CollectionPartition("shop.a").toMap())) {
                result.put(partition, new HashMap<>(stored.toMap()));
              }
            }
            return result;
          }
        };

    Map<String, CollectionOffset> offsets =
        new OffsetLookup(reader).collections(List.of("shop.a", "shop.b"));

    assertThat(reads.get()).isEqualTo(1);
    assertThat(offsets.get("shop.a")).isEqualTo(stored);
    assertThat(offsets).containsKey("shop.b");
    assertThat(offsets.get("shop.b")).isNull();
  }
}
