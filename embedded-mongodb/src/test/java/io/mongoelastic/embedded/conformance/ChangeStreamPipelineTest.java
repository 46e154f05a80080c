package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Stages after {@code $changeStream} that compute dotted fields: MongoDB's {@code $project} and
 * {@code $addFields} treat {@code "ns.viewOn"} as the path {@code ns → viewOn} (manual pages
 * "$project" and "$addFields", embedded document fields), never as a top-level field name.
 */
class ChangeStreamPipelineTest extends ConformanceTest {
  @Test
  void projectOfADottedComputedFieldNestsIt() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 0));
    List<Document> pipeline =
        List.of(
            new Document(
                "$project", new Document("operationType", 1).append("ns.viewOn", "$ns.coll")));
    try (var cursor = openRaw(items.watch(pipeline))) {
      items.insertOne(new Document("_id", 1));

      BsonDocument event = take(cursor, 1).get(0);
      assertThat(event.containsKey("ns.viewOn")).isFalse();
      assertThat(event.getDocument("ns")).isEqualTo(BsonDocument.parse("{viewOn: 'items'}"));
      assertThat(event.getString("operationType").getValue()).isEqualTo("insert");
    }
  }

  @Test
  void addFieldsOfADottedFieldMergesIntoTheExistingDocument() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 0));
    List<Document> pipeline = List.of(new Document("$addFields", new Document("ns.viewOn", "v")));
    try (var cursor = openRaw(items.watch(pipeline))) {
      items.insertOne(new Document("_id", 1));

      BsonDocument ns = take(cursor, 1).get(0).getDocument("ns");
      assertThat(ns.getString("coll").getValue()).isEqualTo("items");
      assertThat(ns.getString("viewOn").getValue()).isEqualTo("v");
    }
  }

  @Test
  void inclusionOfAMissingDottedPathKeepsAnEmptyParent() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 0));
    List<Document> pipeline =
        List.of(
            new Document(
                "$project",
                new Document("operationType", 1)
                    .append("ns.viewOn", 1)
                    .append("documentKey._id", 1)));
    try (var cursor = openRaw(items.watch(pipeline))) {
      items.insertOne(new Document("_id", 1));

      BsonDocument event = take(cursor, 1).get(0);
      assertThat(event.getDocument("ns")).isEqualTo(new BsonDocument());
      assertThat(event.getDocument("documentKey")).isEqualTo(BsonDocument.parse("{_id: 1}"));
    }
  }

  /**
   * A database stream that follows a set of collections by name, as a connector watching many
   * collections opens it: events of the named collections and renames onto them pass, the others do
   * not (the embedded server looks the names up in a set; the outcome must be MongoDB's).
   */
  @Test
  void matchOnCollectionNamesPassesTheirEventsAndRenamesOntoThem() {
    MongoDatabase db = target.freshDatabase();
    List<Object> names = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      names.add(String.format("c%03d", i));
    }
    db.getCollection("c007").insertOne(new Document("_id", 0));
    db.getCollection("other").insertOne(new Document("_id", 0));
    db.getCollection("moved").insertOne(new Document("_id", 0));
    Document in = new Document("$in", names);
    List<Document> pipeline =
        List.of(
            new Document(
                "$match",
                new Document(
                    "$or",
                    List.of(
                        new Document("ns.coll", in),
                        new Document("to.coll", in),
                        new Document("operationType", "invalidate")))));
    try (var cursor = openRaw(db.watch(pipeline))) {
      db.getCollection("other").insertOne(new Document("_id", 1));
      db.getCollection("c007").insertOne(new Document("_id", 1));
      db.getCollection("moved").renameCollection(new MongoNamespace(db.getName(), "c499"));
      db.getCollection("other").insertOne(new Document("_id", 2));
      db.getCollection("c499").insertOne(new Document("_id", 2));

      List<BsonDocument> events = take(cursor, 3);
      assertThat(events)
          .extracting(e -> e.getString("operationType").getValue())
          .containsExactly("insert", "rename", "insert");
      assertThat(events.get(0).getDocument("ns").getString("coll").getValue()).isEqualTo("c007");
      assertThat(events.get(1).getDocument("to").getString("coll").getValue()).isEqualTo("c499");
      assertThat(events.get(2).getDocument("ns").getString("coll").getValue()).isEqualTo("c499");
      assertThat(events.get(2).getDocument("documentKey").getInt32("_id").getValue()).isEqualTo(2);
    }
  }
}
