package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.OperationType;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Change events as MongoDB's Change Events reference documents them: fields per operation type,
 * scopes of collection and database streams, pipelines, and the invalidate after a drop.
 */
class ChangeEventsTest extends ConformanceTest {
  @Test
  void insertEventCarriesNamespaceKeyTimesAndFullDocument() {
    MongoCollection<Document> orders = target.freshDatabase().getCollection("orders");
    try (var cursor = open(orders.watch())) {
      orders.insertOne(new Document("_id", 1).append("item", "pen"));

      ChangeStreamDocument<Document> event = take(cursor, 1).get(0);
      assertThat(event.getOperationType()).isEqualTo(OperationType.INSERT);
      assertThat(event.getNamespace()).isEqualTo(orders.getNamespace());
      assertThat(event.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 1}"));
      assertThat(event.getFullDocument()).isEqualTo(new Document("_id", 1).append("item", "pen"));
      assertThat(event.getClusterTime()).isNotNull();
      assertThat(event.getWallTime()).isNotNull();
      assertThat(event.getResumeToken().getString("_data").getValue()).isNotEmpty();
    }
  }

  @Test
  void updateEventDescribesUpdatedAndRemovedFieldsWithoutFullDocumentByDefault() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(Document.parse("{_id: 1, a: 1, b: {c: 1, d: 2}, arr: [1, 2, 3], gone: true}"));
    try (var cursor = openRaw(items.watch())) {
      items.updateOne(
          Filters.eq("_id", 1),
          Updates.combine(
              Updates.set("a", 2),
              Updates.set("b.c", 5),
              Updates.unset("gone"),
              Updates.push("arr", 4)));

      BsonDocument event = take(cursor, 1).get(0);
      assertThat(event.getString("operationType").getValue()).isEqualTo("update");
      assertThat(event.getDocument("documentKey")).isEqualTo(BsonDocument.parse("{_id: 1}"));
      assertThat(event.containsKey("fullDocument")).isFalse();
      BsonDocument description = event.getDocument("updateDescription");
      assertThat(description.getDocument("updatedFields"))
          .isEqualTo(BsonDocument.parse("{a: 2, 'b.c': 5, 'arr.3': 4}"));
      assertThat(description.getArray("removedFields").getValues())
          .extracting(value -> value.asString().getValue())
          .containsExactly("gone");
    }
  }

  @Test
  void updateEventReportsTruncatedArrays() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(Document.parse("{_id: 1, arr: [1, 2, 3, 4]}"));
    try (var cursor = open(items.watch())) {
      items.updateOne(Filters.eq("_id", 1), Updates.popLast("arr"));

      var description = take(cursor, 1).get(0).getUpdateDescription();
      assertThat(description.getTruncatedArrays()).hasSize(1);
      assertThat(description.getTruncatedArrays().get(0).getField()).isEqualTo("arr");
      assertThat(description.getTruncatedArrays().get(0).getNewSize()).isEqualTo(3);
    }
  }

  @Test
  void updateLookupReturnsTheCurrentDocument() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", "k").append("n", 1));
    try (var cursor = open(items.watch().fullDocument(FullDocument.UPDATE_LOOKUP))) {
      items.updateOne(Filters.eq("_id", "k"), Updates.inc("n", 1));

      ChangeStreamDocument<Document> event = take(cursor, 1).get(0);
      assertThat(event.getOperationType()).isEqualTo(OperationType.UPDATE);
      assertThat(event.getFullDocument()).isEqualTo(new Document("_id", "k").append("n", 2));
      assertThat(event.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 'k'}"));
    }
  }

  @Test
  void updateLookupOfADeletedDocumentIsNull() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 1).append("n", 1));
    try (var cursor = open(items.watch().fullDocument(FullDocument.UPDATE_LOOKUP))) {
      items.updateOne(Filters.eq("_id", 1), Updates.inc("n", 1));
      items.deleteOne(Filters.eq("_id", 1));

      List<ChangeStreamDocument<Document>> events = take(cursor, 2);
      assertThat(events.get(0).getOperationType()).isEqualTo(OperationType.UPDATE);
      assertThat(events.get(0).getFullDocument()).isNull();
    }
  }

  @Test
  void replacementIsReportedAsReplaceWithTheNewDocument() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 7).append("old", true));
    try (var cursor = open(items.watch())) {
      items.replaceOne(Filters.eq("_id", 7), new Document("fresh", 1));
      items.findOneAndReplace(Filters.eq("_id", 7), new Document("fresher", 2));

      List<ChangeStreamDocument<Document>> events = take(cursor, 2);
      assertThat(events)
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(OperationType.REPLACE, OperationType.REPLACE);
      assertThat(events.get(0).getFullDocument())
          .isEqualTo(new Document("_id", 7).append("fresh", 1));
      assertThat(events.get(1).getFullDocument())
          .isEqualTo(new Document("_id", 7).append("fresher", 2));
      assertThat(events.get(1).getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 7}"));
    }
  }

  @Test
  void findAndModifyWritesProduceEvents() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 1).append("n", 1));
    try (var cursor = open(items.watch())) {
      items.findOneAndUpdate(Filters.eq("_id", 1), Updates.set("n", 5));
      items.findOneAndDelete(Filters.eq("_id", 1));

      List<ChangeStreamDocument<Document>> events = take(cursor, 2);
      assertThat(events)
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(OperationType.UPDATE, OperationType.DELETE);
      assertThat(events.get(0).getUpdateDescription().getUpdatedFields())
          .isEqualTo(BsonDocument.parse("{n: 5}"));
    }
  }

  @Test
  void deleteEventCarriesOnlyTheDocumentKey() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 3).append("x", 1));
    try (var cursor = openRaw(items.watch())) {
      items.deleteOne(Filters.eq("_id", 3));

      BsonDocument event = take(cursor, 1).get(0);
      assertThat(event.getString("operationType").getValue()).isEqualTo("delete");
      assertThat(event.getDocument("documentKey")).isEqualTo(BsonDocument.parse("{_id: 3}"));
      assertThat(event.containsKey("fullDocument")).isFalse();
      assertThat(event.getDocument("ns").getString("coll").getValue()).isEqualTo("items");
    }
  }

  @Test
  void upsertThatInsertsIsReportedAsInsert() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 0));
    try (var cursor = open(items.watch())) {
      items.updateOne(
          Filters.eq("_id", 9),
          Updates.set("n", 1),
          new com.mongodb.client.model.UpdateOptions().upsert(true));

      ChangeStreamDocument<Document> event = take(cursor, 1).get(0);
      assertThat(event.getOperationType()).isEqualTo(OperationType.INSERT);
      assertThat(event.getFullDocument()).isEqualTo(new Document("_id", 9).append("n", 1));
    }
  }

  @Test
  void clusterTimesStrictlyIncreaseAcrossEvents() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    try (var cursor = open(items.watch())) {
      items.insertMany(
          List.of(new Document("_id", 1), new Document("_id", 2), new Document("_id", 3)));
      items.updateMany(Filters.exists("_id"), Updates.set("x", 1));

      List<ChangeStreamDocument<Document>> events = take(cursor, 6);
      for (int i = 1; i < events.size(); i++) {
        assertThat(events.get(i).getClusterTime())
            .isGreaterThan(events.get(i - 1).getClusterTime());
        assertThat(events.get(i).getResumeToken().getString("_data").getValue())
            .isGreaterThan(events.get(i - 1).getResumeToken().getString("_data").getValue());
      }
    }
  }

  @Test
  void databaseStreamSeesEveryCollectionOfItsDatabaseOnly() {
    MongoDatabase db = target.freshDatabase();
    MongoDatabase other = target.freshDatabase();
    try (var cursor = open(db.watch())) {
      other.getCollection("a").insertOne(new Document("_id", "elsewhere"));
      db.getCollection("a").insertOne(new Document("_id", "a1"));
      db.getCollection("b").insertOne(new Document("_id", "b1"));

      List<ChangeStreamDocument<Document>> events = take(cursor, 2);
      assertThat(events)
          .extracting(event -> event.getNamespace().getFullName())
          .containsExactly(db.getName() + ".a", db.getName() + ".b");
      assertThat(cursor.tryNext()).isNull();
    }
  }

  @Test
  void collectionStreamIgnoresOtherCollections() {
    MongoDatabase db = target.freshDatabase();
    try (var cursor = open(db.getCollection("watched").watch())) {
      db.getCollection("other").insertOne(new Document("_id", 1));
      db.getCollection("watched").insertOne(new Document("_id", 2));

      ChangeStreamDocument<Document> event = take(cursor, 1).get(0);
      assertThat(event.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 2}"));
    }
  }

  @Test
  void pipelineStagesFilterAndShapeEvents() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    try (var cursor =
        open(
            items.watch(
                List.of(
                    new Document("$match", new Document("operationType", "delete")),
                    new Document("$project", new Document("documentKey", 1)))))) {
      items.insertOne(new Document("_id", 1));
      items.deleteOne(Filters.eq("_id", 1));

      ChangeStreamDocument<Document> event = take(cursor, 1).get(0);
      assertThat(event.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 1}"));
      assertThat(event.getOperationTypeString()).isNull();
    }
  }

  @Test
  void pipelineThatModifiesTheResumeTokenFailsTheStream() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    try (var cursor =
        open(items.watch(List.of(new Document("$set", new Document("_id", "replaced")))))) {
      items.insertOne(new Document("_id", 1));

      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 100; i++) {
                  cursor.tryNext();
                }
              })
          .isInstanceOfSatisfying(
              MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(280));
    }
  }

  @Test
  void dropInvalidatesACollectionStream() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 1));
    try (var cursor = open(items.watch())) {
      items.drop();

      List<ChangeStreamDocument<Document>> events = take(cursor, 2);
      assertThat(events)
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(OperationType.DROP, OperationType.INVALIDATE);
      assertThat(events.get(0).getNamespace()).isEqualTo(items.getNamespace());
    }
  }
}
