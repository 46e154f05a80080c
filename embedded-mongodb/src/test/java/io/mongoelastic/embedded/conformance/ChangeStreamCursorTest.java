package io.mongoelastic.embedded.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoDatabase;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Change-stream cursors at the command level: a post-batch resume token on every batch, and getMore
 * waiting for new events.
 */
class ChangeStreamCursorTest extends ConformanceTest {
  @Test
  void everyBatchCarriesAPostBatchResumeToken() {
    MongoDatabase db = target.freshDatabase();
    db.createCollection("items");
    try (ClientSession session = target.client().startSession()) {
      Document firstCursor = openChangeStreamCursor(db, session, "items");
      assertThat(firstCursor.get("postBatchResumeToken", Document.class)).containsKey("_data");

      db.getCollection("items").insertOne(session, new Document("_id", 1));
      Document more =
          db.runCommand(
              session,
              new Document("getMore", firstCursor.getLong("id"))
                  .append("collection", "items")
                  .append("maxTimeMS", 5000L));
      Document nextCursor = more.get("cursor", Document.class);
      List<Document> batch = nextCursor.getList("nextBatch", Document.class);
      assertThat(batch).hasSize(1);
      assertThat(nextCursor.get("postBatchResumeToken", Document.class)).containsKey("_data");
      assertThat(more.get("operationTime")).isInstanceOf(BsonTimestamp.class);

      Document empty =
          db.runCommand(
              session,
              new Document("getMore", firstCursor.getLong("id"))
                  .append("collection", "items")
                  .append("maxTimeMS", 100L));
      Document emptyCursor = empty.get("cursor", Document.class);
      assertThat(emptyCursor.getList("nextBatch", Document.class)).isEmpty();
      assertThat(emptyCursor.get("postBatchResumeToken", Document.class).getString("_data"))
          .isGreaterThanOrEqualTo(
              nextCursor.get("postBatchResumeToken", Document.class).getString("_data"));
    }
  }

  @Test
  void thePostBatchTokenIsTheLastEventsUnlessTheScanPassedALaterEntry() {
    MongoDatabase db = target.freshDatabase();
    db.createCollection("items");
    try (ClientSession session = target.client().startSession()) {
      long cursorId = openChangeStreamCursor(db, session, "items").getLong("id");
      Document getMore =
          new Document("getMore", cursorId)
              .append("collection", "items")
              .append("maxTimeMS", 5000L);

      db.getCollection("items").insertOne(session, new Document("_id", 1));
      Document endsAtEvent = db.runCommand(session, getMore).get("cursor", Document.class);
      List<Document> batch = endsAtEvent.getList("nextBatch", Document.class);
      assertThat(batch).hasSize(1);
      assertThat(endsAtEvent.get("postBatchResumeToken", Document.class))
          .as("nothing later in the oplog: the event's own token")
          .isEqualTo(batch.get(0).get("_id", Document.class));

      db.getCollection("items").insertOne(session, new Document("_id", 2));
      db.getCollection("other").insertOne(session, new Document("_id", 3));
      Document passedLater = db.runCommand(session, getMore).get("cursor", Document.class);
      batch = passedLater.getList("nextBatch", Document.class);
      assertThat(batch).hasSize(1);
      assertThat(passedLater.get("postBatchResumeToken", Document.class).getString("_data"))
          .as("the scan passed a later, unwatched entry: a high-water mark beyond the event")
          .isGreaterThan(batch.get(0).get("_id", Document.class).getString("_data"));
    }
  }

  @Test
  void getMoreWaitsForEventsUpToMaxAwaitTime() throws Exception {
    MongoDatabase db = target.freshDatabase();
    db.createCollection("items");
    try (ClientSession session = target.client().startSession()) {
      long cursorId = openChangeStreamCursor(db, session, "items").getLong("id");

      CompletableFuture<Document> waiting =
          CompletableFuture.supplyAsync(
              () ->
                  db.runCommand(
                      session,
                      new Document("getMore", cursorId)
                          .append("collection", "items")
                          .append("maxTimeMS", 20_000L)));
      // A server that returned at once would answer with an empty batch before this insert.
      Thread.sleep(500);
      db.getCollection("items").insertOne(new Document("_id", "late"));

      Document reply = waiting.get(30, TimeUnit.SECONDS);
      List<Document> batch =
          reply.get("cursor", Document.class).getList("nextBatch", Document.class);
      assertThat(batch).hasSize(1);
      assertThat(batch.get(0).get("documentKey", Document.class))
          .isEqualTo(new Document("_id", "late"));
    }
  }
}
