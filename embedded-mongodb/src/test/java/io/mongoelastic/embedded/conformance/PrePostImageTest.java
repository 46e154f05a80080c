package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ChangeStreamPreAndPostImagesOptions;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.FullDocumentBeforeChange;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * {@code fullDocument: whenAvailable/required} and {@code fullDocumentBeforeChange}, which depend
 * on the collection option {@code changeStreamPreAndPostImages}.
 */
class PrePostImageTest extends ConformanceTest {
  private static MongoCollection<Document> withImages(MongoDatabase db) {
    db.createCollection(
        "items",
        new CreateCollectionOptions()
            .changeStreamPreAndPostImagesOptions(new ChangeStreamPreAndPostImagesOptions(true)));
    return db.getCollection("items");
  }

  @Test
  void whenAvailableReturnsThePostImageOfEachUpdate() {
    MongoCollection<Document> items = withImages(target.freshDatabase());
    items.insertOne(new Document("_id", 1).append("n", 1));
    try (var cursor =
        items
            .watch()
            .fullDocument(FullDocument.WHEN_AVAILABLE)
            .fullDocumentBeforeChange(FullDocumentBeforeChange.WHEN_AVAILABLE)
            .maxAwaitTime(200, TimeUnit.MILLISECONDS)
            .cursor()) {
      items.updateOne(Filters.eq("_id", 1), Updates.set("n", 2));
      items.updateOne(Filters.eq("_id", 1), Updates.set("n", 3));
      items.deleteOne(Filters.eq("_id", 1));

      List<ChangeStreamDocument<Document>> events = take(cursor, 3);
      // Post-images are of each update, not of the document's state when the event is read.
      assertThat(events.get(0).getFullDocument()).isEqualTo(new Document("_id", 1).append("n", 2));
      assertThat(events.get(1).getFullDocument()).isEqualTo(new Document("_id", 1).append("n", 3));
      assertThat(events.get(0).getFullDocumentBeforeChange())
          .isEqualTo(new Document("_id", 1).append("n", 1));
      assertThat(events.get(2).getFullDocumentBeforeChange())
          .isEqualTo(new Document("_id", 1).append("n", 3));
    }
  }

  @Test
  void whenAvailableWithoutTheCollectionOptionGivesNull() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 1).append("n", 1));
    try (var cursor =
        items
            .watch()
            .fullDocument(FullDocument.WHEN_AVAILABLE)
            .maxAwaitTime(200, TimeUnit.MILLISECONDS)
            .cursor()) {
      items.updateOne(Filters.eq("_id", 1), Updates.set("n", 2));

      assertThat(take(cursor, 1).get(0).getFullDocument()).isNull();
    }
  }

  @Test
  void requiredWithoutTheCollectionOptionFailsTheStream() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 1).append("n", 1));
    try (var cursor =
        items
            .watch()
            .fullDocument(FullDocument.REQUIRED)
            .maxAwaitTime(200, TimeUnit.MILLISECONDS)
            .cursor()) {
      items.updateOne(Filters.eq("_id", 1), Updates.set("n", 2));

      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 100; i++) {
                  cursor.tryNext();
                }
              })
          .isInstanceOf(MongoCommandException.class);
    }
  }
}
