package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mongoelastic.harness.SharedServices;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * Sampled split points against a real server (the embedded one unless -Dmongodb.it.uri names one):
 * whatever the sample, the planned ranges read every document exactly once.
 */
class SplitPointFinderTest {

  /** Every id read by each range of the plan, through the filters a range reader sends. */
  private static Map<BsonValue, Integer> timesRead(
      MongoCollection<BsonDocument> collection, List<BsonValue> splits) {
    SnapshotPlan plan = new SnapshotPlan("db.c", "s", null, null, null, splits);
    Map<BsonValue, Integer> reads = new HashMap<>();
    for (int r = 0; r < plan.rangeCount(); r++) {
      IdRange range = plan.range(r);
      for (IdBracket bracket : range.brackets()) {
        collection
            .find(range.filter(bracket, null))
            .forEach(doc -> reads.merge(doc.get("_id"), 1, Integer::sum));
      }
    }
    return reads;
  }

  /** A unique id of a random type; numbers end in 1, 2 or 3.5 and never repeat. */
  private static BsonValue randomId(Random random, int i) {
    int spread = random.nextInt(1_000) * 100_000 + i * 10;
    return switch (random.nextInt(6)) {
      case 0 -> new BsonInt32(spread + 1);
      case 1 -> new BsonInt64(spread + 2L);
      case 2 -> new BsonDouble(spread + 3.5);
      case 3 -> new BsonString("k" + random.nextInt(1_000_000) + "-" + i);
      case 4 -> new BsonObjectId(new ObjectId());
      default -> new BsonDateTime(random.nextLong(1L << 40) * 7 + i);
    };
  }

  @Test
  void plannedRangesReadEveryDocumentExactlyOnce() {
    String database = "splitpoints" + System.nanoTime();
    try (MongoClient client = MongoClients.create(SharedServices.mongo().connectionString())) {
      for (long seed = 1; seed <= 4; seed++) {
        Random random = new Random(seed);
        MongoCollection<BsonDocument> collection =
            client.getDatabase(database).getCollection("c" + seed, BsonDocument.class);
        List<BsonDocument> docs = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
          docs.add(new BsonDocument("_id", randomId(random, i)));
        }
        // A dense cluster of small ids skews the distribution.
        for (int i = 0; i < 2_000; i++) {
          docs.add(new BsonDocument("_id", new BsonInt32(i * 10)));
        }
        collection.insertMany(docs);

        int maxRanges = 2 + (int) seed * 2;
        List<BsonValue> splits = SplitPointFinder.find(collection, maxRanges, 100);
        Map<BsonValue, Integer> reads = timesRead(collection, splits);

        assertThat(splits).hasSizeBetween(1, maxRanges - 1);
        assertThat(reads).hasSize(docs.size());
        assertThat(reads.values()).containsOnly(1);
      }
    }
  }

  @Test
  void collectionsTooSmallOrEmptyAreNotSplit() {
    String database = "splitpoints" + System.nanoTime();
    try (MongoClient client = MongoClients.create(SharedServices.mongo().connectionString())) {
      MongoCollection<BsonDocument> empty =
          client.getDatabase(database).getCollection("empty", BsonDocument.class);
      assertThat(SplitPointFinder.find(empty, 4, 1)).isEmpty();

      MongoCollection<BsonDocument> small =
          client.getDatabase(database).getCollection("small", BsonDocument.class);
      for (int i = 0; i < 3; i++) {
        small.insertOne(new BsonDocument("_id", new BsonInt32(i)));
      }
      assertThat(SplitPointFinder.find(small, 4, 2)).isEmpty();
      List<BsonValue> splits = SplitPointFinder.find(small, 8, 1);
      assertThat(timesRead(small, splits).values()).hasSize(3).containsOnly(1);
    }
  }
}
