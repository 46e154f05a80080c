package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
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
}
