package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.FullDocument;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

/**
 * Change events larger than 16 MiB, made from legal documents: an update that replaces a 9 MiB
 * field, watched with {@code fullDocument: updateLookup}, carries the new value twice (in {@code
 * updateDescription} and in {@code fullDocument}). Mirrors the manual's page on {@code
 * $changeStreamSplitLargeEvent} (MongoDB 7.0): without the stage such an event fails the cursor
 * with BSONObjectTooLarge; with it the event arrives as fragments with {@code splitEvent} and a
 * resume token each, and resuming from a fragment's token continues with the next fragment.
 */
class LargeChangeEventTest extends ConformanceTest {
  private static final int FIELD_BYTES = 9 * 1024 * 1024;
  private static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
  private static final Bson SPLIT = Document.parse("{$changeStreamSplitLargeEvent: {}}");

  private static MongoCollection<Document> withLargeDocument() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 1).append("a", "x".repeat(FIELD_BYTES)));
    return items;
  }

  private static void replaceLargeField(MongoCollection<Document> items) {
    items.updateOne(Filters.eq("_id", 1), Updates.set("a", "y".repeat(FIELD_BYTES)));
  }

  private static MongoCursor<BsonDocument> watch(
      MongoCollection<Document> items, List<Bson> stages) {
    return items
        .watch(stages)
        .fullDocument(FullDocument.UPDATE_LOOKUP)
        .maxAwaitTime(200, TimeUnit.MILLISECONDS)
        .withDocumentClass(BsonDocument.class)
        .cursor();
  }

  private static int bsonSize(BsonDocument document) {
    return new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().remaining();
  }

  @Test
  void eventOverSixteenMebibytesFailsTheStreamWithBsonObjectTooLarge() {
    MongoCollection<Document> items = withLargeDocument();
    try (MongoCursor<BsonDocument> cursor = watch(items, List.of())) {
      replaceLargeField(items);

      assertThatThrownBy(() -> take(cursor, 1))
          .isInstanceOf(MongoException.class)
          .satisfies(e -> assertThat(((MongoException) e).getCode()).isEqualTo(10334))
          .hasMessageContaining("BSONObj size");
    }
  }

  @Test
  void splitStageReturnsTheEventAsFragmentsEachUnderTheLimit() {
    MongoCollection<Document> items = withLargeDocument();
    try (MongoCursor<BsonDocument> cursor = watch(items, List.of(SPLIT))) {
      replaceLargeField(items);
      items.insertOne(new Document("_id", 2));

      List<BsonDocument> events = take(cursor, 3);
      BsonDocument first = events.get(0);
      BsonDocument second = events.get(1);
      assertThat(first.getDocument("splitEvent"))
          .isEqualTo(BsonDocument.parse("{fragment: 1, of: 2}"));
      assertThat(second.getDocument("splitEvent"))
          .isEqualTo(BsonDocument.parse("{fragment: 2, of: 2}"));
      assertThat(bsonSize(first)).isLessThan(MAX_DOCUMENT_BYTES);
      assertThat(bsonSize(second)).isLessThan(MAX_DOCUMENT_BYTES);
      // Small fields go to the first fragment; the two large ones cannot share a fragment.
      assertThat(first.getString("operationType").getValue()).isEqualTo("update");
      assertThat(first.containsKey("fullDocument") ^ second.containsKey("fullDocument")).isTrue();
      assertThat(first.containsKey("updateDescription") ^ second.containsKey("updateDescription"))
          .isTrue();
      assertThat(first.getDocument("_id")).isNotEqualTo(second.getDocument("_id"));
      assertThat(events.get(2).getString("operationType").getValue()).isEqualTo("insert");
      assertThat(events.get(2).containsKey("splitEvent")).isFalse();
    }
  }

  @Test
  void resumingFromAFragmentTokenContinuesWithTheNextFragment() {
    MongoCollection<Document> items = withLargeDocument();
    BsonDocument firstFragmentToken;
    try (MongoCursor<BsonDocument> cursor = watch(items, List.of(SPLIT))) {
      replaceLargeField(items);
      items.insertOne(new Document("_id", 2));
      firstFragmentToken = take(cursor, 1).get(0).getDocument("_id");
    }
    try (MongoCursor<BsonDocument> resumed =
        items
            .watch(List.of(SPLIT))
            .fullDocument(FullDocument.UPDATE_LOOKUP)
            .resumeAfter(firstFragmentToken)
            .maxAwaitTime(200, TimeUnit.MILLISECONDS)
            .withDocumentClass(BsonDocument.class)
            .cursor()) {
      List<BsonDocument> events = take(resumed, 2);
      assertThat(events.get(0).getDocument("splitEvent"))
          .isEqualTo(BsonDocument.parse("{fragment: 2, of: 2}"));
      assertThat(events.get(1).getDocument("documentKey"))
          .isEqualTo(BsonDocument.parse("{_id: 2}"));
    }
  }

  @Test
  void resumingFromAFragmentTokenWithoutTheSplitStageFails() {
    MongoCollection<Document> items = withLargeDocument();
    BsonDocument firstFragmentToken;
    try (MongoCursor<BsonDocument> cursor = watch(items, List.of(SPLIT))) {
      replaceLargeField(items);
      firstFragmentToken = take(cursor, 1).get(0).getDocument("_id");
    }

    assertThatThrownBy(
            () ->
                items
                    .watch(List.of())
                    .resumeAfter(firstFragmentToken)
                    .withDocumentClass(BsonDocument.class)
                    .cursor())
        .isInstanceOf(MongoException.class)
        .satisfies(e -> assertThat(((MongoException) e).getCode()).isEqualTo(280))
        .hasMessageContaining(
            "To resume from a split event, the $changeStream pipeline must include a"
                + " $changeStreamSplitLargeEvent stage");
  }

  @Test
  void splitStageMustBeTheLastStage() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 1));

    assertThatThrownBy(
            () ->
                watch(items, List.of(SPLIT, Document.parse("{$match: {operationType: 'insert'}}"))))
        .isInstanceOf(MongoException.class)
        .satisfies(e -> assertThat(((MongoException) e).getCode()).isEqualTo(7182802));
  }
}
