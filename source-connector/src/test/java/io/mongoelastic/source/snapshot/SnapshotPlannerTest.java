package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CollationStrength;
import com.mongodb.client.model.CreateCollectionOptions;
import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.harness.SharedServices;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** Planning against a real server (the embedded one unless -Dmongodb.it.uri names one). */
class SnapshotPlannerTest {
  private final MongoClient client = SharedServices.mongo().client();
  private final String database = "planner" + System.nanoTime();
  private final MongoDatabase db = client.getDatabase(database);

  private void fill(String collection) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      docs.add(new Document("_id", (i % 2 == 0 ? "k" : "K") + String.format("%04d", i)));
    }
    db.getCollection(collection).insertMany(docs);
  }

  private SnapshotPlan plan(String collection) {
    return new SnapshotPlanner(client, database).plan(collection, SnapshotReason.INITIAL, 4, 10);
  }

  @Test
  void plansACollectionWithADefaultCollationAsOneRange() {
    db.createCollection(
        "folded",
        new CreateCollectionOptions()
            .collation(
                Collation.builder()
                    .locale("en")
                    .collationStrength(CollationStrength.SECONDARY)
                    .build()));
    fill("folded");

    SnapshotPlan plan = plan("folded");

    assertThat(plan.rangeCount()).isEqualTo(1);
    assertThat(plan.range(0)).isEqualTo(new IdRange(null, null));
  }

  @Test
  void recordsTheCollectionUuidReadBeforeTheStartPoint() {
    fill("plain");
    String uuid = ListedCollection.read(db, "plain").uuid();

    assertThat(uuid).isNotNull();
    assertThat(plan("plain").collectionUuid()).isEqualTo(uuid);
    assertThat(plan("missing").collectionUuid()).isNull();
  }

  @Test
  void splitsACollectionComparingBinary() {
    db.createCollection(
        "simple",
        new CreateCollectionOptions().collation(Collation.builder().locale("simple").build()));
    fill("simple");
    fill("plain");

    assertThat(plan("simple").rangeCount()).isEqualTo(4);
    assertThat(plan("plain").rangeCount()).isEqualTo(4);
  }

  @Test
  void boundsTheSnapshotByTheHighestIdInMongoDbsOrderAcrossTypes() {
    fill("mixed");
    db.getCollection("mixed").insertOne(new Document("_id", 7));
    ObjectId highest = new ObjectId();
    db.getCollection("mixed").insertOne(new Document("_id", highest));

    SnapshotPlan plan = plan("mixed");

    assertThat(plan.bound()).isEqualTo(new SnapshotBound(new BsonObjectId(highest)));
    assertThat(plan.readRange(plan.rangeCount() - 1).upper()).isEqualTo(new BsonObjectId(highest));
    assertThat(plan.readRange(plan.rangeCount() - 1).upperIncluded()).isTrue();
    assertThat(plan("missing").bound()).isEqualTo(SnapshotBound.EMPTY);
  }
}
