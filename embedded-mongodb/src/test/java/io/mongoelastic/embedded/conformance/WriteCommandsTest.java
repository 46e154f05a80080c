package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import com.mongodb.client.result.UpdateResult;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Write commands as MongoDB answers them: pipeline-style updates ("Updates with Aggregation
 * Pipeline" page; reported as {@code update} events), dotted field names in a replacement document
 * (accepted since MongoDB 5.0, "Field Names" page), and the {@code keyPattern}/{@code keyValue} of
 * a DuplicateKey write error (4.2+).
 */
class WriteCommandsTest extends ConformanceTest {
  private static MongoCollection<Document> items() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertMany(
        List.of(
            new Document("_id", 1).append("n", 1).append("old", true),
            new Document("_id", 2).append("n", 2)));
    return items;
  }

  @Test
  void pipelineUpdateAppliesItsStagesAndIsReportedAsAnUpdate() {
    MongoCollection<Document> items = items();
    try (var cursor = open(items.watch())) {
      UpdateResult result =
          items.updateOne(
              Filters.eq("_id", 1),
              List.of(
                  new Document("$set", new Document("m", new Document("$add", List.of("$n", 10)))),
                  new Document("$unset", "old")));

      assertThat(result.getMatchedCount()).isEqualTo(1);
      assertThat(result.getModifiedCount()).isEqualTo(1);
      ChangeStreamDocument<Document> event = take(cursor, 1).get(0);
      assertThat(event.getOperationType()).isEqualTo(OperationType.UPDATE);
      assertThat(event.getUpdateDescription().getUpdatedFields())
          .isEqualTo(BsonDocument.parse("{m: 11}"));
      assertThat(event.getUpdateDescription().getRemovedFields()).containsExactly("old");
    }
    assertThat(items.find(Filters.eq("_id", 1)).first())
        .isEqualTo(new Document("_id", 1).append("n", 1).append("m", 11));
  }

  @Test
  void pipelineUpdateManyUpdatesEveryMatch() {
    MongoCollection<Document> items = items();

    UpdateResult result =
        items.updateMany(
            new Document(),
            List.of(
                new Document(
                    "$set", new Document("double", new Document("$multiply", List.of("$n", 2))))));

    assertThat(result.getMatchedCount()).isEqualTo(2);
    assertThat(items.find(Filters.eq("_id", 2)).first().getInteger("double")).isEqualTo(4);
  }

  @Test
  void pipelineUpsertInsertsWhatThePipelineMakesOfTheQuery() {
    MongoCollection<Document> items = items();

    UpdateResult result =
        items.updateOne(
            Filters.eq("_id", 9),
            List.of(new Document("$set", new Document("created", true))),
            new UpdateOptions().upsert(true));

    assertThat(result.getUpsertedId()).isNotNull();
    assertThat(items.find(Filters.eq("_id", 9)).first())
        .isEqualTo(new Document("_id", 9).append("created", true));
  }

  @Test
  void findOneAndUpdateWithAPipelineReturnsTheNewDocument() {
    MongoCollection<Document> items = items();

    Document after =
        items.findOneAndUpdate(
            Filters.eq("_id", 2),
            List.of(
                new Document("$set", new Document("n", new Document("$add", List.of("$n", 1))))),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));

    assertThat(after).isEqualTo(new Document("_id", 2).append("n", 3));
  }

  @Test
  void replacementMayHaveDottedFieldNames() {
    MongoCollection<Document> items = items();
    try (var cursor = open(items.watch())) {
      UpdateResult result =
          items.replaceOne(Filters.eq("_id", 2), new Document("a.b", 1).append("c", 2));

      assertThat(result.getModifiedCount()).isEqualTo(1);
      ChangeStreamDocument<Document> event = take(cursor, 1).get(0);
      assertThat(event.getOperationType()).isEqualTo(OperationType.REPLACE);
      assertThat(event.getFullDocument())
          .isEqualTo(new Document("_id", 2).append("a.b", 1).append("c", 2));
    }
    assertThat(items.find(Filters.eq("_id", 2)).first().getInteger("a.b")).isEqualTo(1);
  }

  @Test
  void findOneAndReplaceMayHaveDottedFieldNames() {
    MongoCollection<Document> items = items();

    Document before = items.findOneAndReplace(Filters.eq("n", 2), new Document("x.y", 5));
    Document after =
        items.findOneAndReplace(
            Filters.eq("_id", 2),
            new Document("x.y", 6),
            new FindOneAndReplaceOptions().returnDocument(ReturnDocument.AFTER));

    assertThat(before).isEqualTo(new Document("_id", 2).append("n", 2));
    assertThat(after).isEqualTo(new Document("_id", 2).append("x.y", 6));
  }

  @Test
  void duplicateKeyErrorNamesTheKeyPatternAndValue() {
    MongoCollection<Document> items = items();
    items.createIndex(Indexes.ascending("n"), new IndexOptions().unique(true));

    assertThatThrownBy(() -> items.insertOne(new Document("_id", 3).append("n", 2)))
        .isInstanceOfSatisfying(
            MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
    BsonDocument error = rawInsertError(items, new Document("_id", 3).append("n", 2));
    assertThat(error.getInt32("code").getValue()).isEqualTo(11000);
    assertThat(error.getDocument("keyPattern")).isEqualTo(BsonDocument.parse("{n: 1}"));
    assertThat(error.getDocument("keyValue")).isEqualTo(BsonDocument.parse("{n: 2}"));
  }

  /** The first write error of an insert, as the server sent it. */
  private static BsonDocument rawInsertError(MongoCollection<Document> items, Document document) {
    Document reply =
        target
            .client()
            .getDatabase(items.getNamespace().getDatabaseName())
            .runCommand(
                new Document("insert", items.getNamespace().getCollectionName())
                    .append("documents", List.of(document)));
    return reply.toBsonDocument().getArray("writeErrors").get(0).asDocument();
  }
}
