package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Drop, rename and dropDatabase events, and which streams they end, as MongoDB documents them. */
class CollectionLifecycleEventsTest extends ConformanceTest {
  @Test
  void renameEmitsRenameWithTargetThenInvalidatesTheCollectionStream() {
    MongoDatabase db = target.freshDatabase();
    MongoCollection<Document> before = db.getCollection("before");
    before.insertOne(new Document("_id", 1));
    try (var cursor = open(before.watch())) {
      before.renameCollection(new MongoNamespace(db.getName(), "after"));

      List<ChangeStreamDocument<Document>> events = take(cursor, 2);
      assertThat(events)
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(OperationType.RENAME, OperationType.INVALIDATE);
      assertThat(events.get(0).getNamespace()).isEqualTo(before.getNamespace());
      assertThat(events.get(0).getDestinationNamespace())
          .isEqualTo(new MongoNamespace(db.getName(), "after"));
    }
  }

  @Test
  void databaseStreamSeesRenameWithoutBeingInvalidated() {
    MongoDatabase db = target.freshDatabase();
    db.getCollection("before").insertOne(new Document("_id", 1));
    try (var cursor = open(db.watch())) {
      db.getCollection("before").renameCollection(new MongoNamespace(db.getName(), "after"));
      db.getCollection("after").insertOne(new Document("_id", 2));

      assertThat(take(cursor, 2))
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(OperationType.RENAME, OperationType.INSERT);
    }
  }

  @Test
  void dropDatabaseDropsEachCollectionThenInvalidatesTheDatabaseStream() {
    MongoDatabase db = target.freshDatabase();
    db.getCollection("a").insertOne(new Document("_id", 1));
    try (var cursor = open(db.watch())) {
      db.drop();

      List<ChangeStreamDocument<Document>> events = take(cursor, 3);
      assertThat(events)
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(
              OperationType.DROP, OperationType.DROP_DATABASE, OperationType.INVALIDATE);
      assertThat(events.get(0).getNamespace()).isEqualTo(new MongoNamespace(db.getName(), "a"));
      assertThat(events.get(1).getDatabaseName()).isEqualTo(db.getName());
    }
  }

  @Test
  void dropDatabaseInvalidatesACollectionStreamAfterItsDrop() {
    MongoDatabase db = target.freshDatabase();
    MongoCollection<Document> items = db.getCollection("items");
    items.insertOne(new Document("_id", 1));
    try (var cursor = open(items.watch())) {
      db.drop();

      assertThat(take(cursor, 2))
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(OperationType.DROP, OperationType.INVALIDATE);
    }
  }

  @Test
  void clusterStreamSeesEveryDatabaseAndIsNotInvalidatedByDrops() {
    MongoDatabase first = target.freshDatabase();
    MongoDatabase second = target.freshDatabase();
    first.getCollection("c").insertOne(new Document("_id", 0));
    try (var cursor = open(target.client().watch())) {
      first.getCollection("c").insertOne(new Document("_id", 1));
      second.getCollection("c").insertOne(new Document("_id", 2));
      first.getCollection("c").drop();
      second.getCollection("c").insertOne(new Document("_id", 3));

      List<ChangeStreamDocument<Document>> events =
          take(cursor, 4).stream()
              .filter(
                  event ->
                      event.getDatabaseName() != null
                          && (event.getDatabaseName().equals(first.getName())
                              || event.getDatabaseName().equals(second.getName())))
              .toList();
      assertThat(events)
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(
              OperationType.INSERT, OperationType.INSERT, OperationType.DROP, OperationType.INSERT);
    }
  }
}
