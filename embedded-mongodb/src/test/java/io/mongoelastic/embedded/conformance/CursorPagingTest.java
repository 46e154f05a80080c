package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

/**
 * Cursor batches as MongoDB documents them: a first batch of 101 documents by default, {@code
 * batchSize} honoured, and no batch over 16 MiB, for queries and for change streams alike.
 */
class CursorPagingTest extends ConformanceTest {
  private static final int MIB = 1024 * 1024;

  private static List<Document> numbered(int count) {
    return IntStream.range(0, count).mapToObj(i -> new Document("_id", i)).toList();
  }

  @Test
  void findReturnsADefaultFirstBatchOf101AndPagesTheRest() {
    MongoDatabase db = target.freshDatabase();
    db.getCollection("items").insertMany(numbered(250));
    try (ClientSession session = target.client().startSession()) {
      Document reply = db.runCommand(session, new Document("find", "items"));
      Document cursor = reply.get("cursor", Document.class);
      assertThat(cursor.getList("firstBatch", Document.class)).hasSize(101);
      assertThat(cursor.getLong("id")).isNotZero();

      Document more =
          db.runCommand(
              session,
              new Document("getMore", cursor.getLong("id"))
                  .append("collection", "items")
                  .append("batchSize", 100));
      assertThat(more.get("cursor", Document.class).getList("nextBatch", Document.class))
          .hasSize(100);
    }
  }

  @Test
  void findHonoursBatchSizeAndTheDriverReadsEveryPage() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertMany(numbered(95));

    List<Document> all =
        items.find().sort(Sorts.ascending("_id")).batchSize(10).into(new ArrayList<>());

    assertThat(all).hasSize(95);
    assertThat(all.get(94).getInteger("_id")).isEqualTo(94);
  }

  @Test
  void queryResultsLargerThanOneReplyArePagedBy16MiB() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    byte[] payload = new byte[MIB];
    for (int i = 0; i < 20; i++) {
      items.insertOne(new Document("_id", i).append("payload", new Binary(payload)));
    }

    Document firstReply =
        target
            .client()
            .getDatabase(items.getNamespace().getDatabaseName())
            .runCommand(new Document("find", items.getNamespace().getCollectionName()));
    List<Document> firstBatch =
        firstReply.get("cursor", Document.class).getList("firstBatch", Document.class);
    assertThat(firstBatch).isNotEmpty().hasSizeLessThan(17);
    assertThat(items.find().into(new ArrayList<>())).hasSize(20);
    assertThat(
            items
                .aggregate(List.of(Aggregates.match(Filters.gte("_id", 0))))
                .into(new ArrayList<>()))
        .hasSize(20);
  }

  @Test
  void singleBatchFindClosesTheCursor() {
    MongoDatabase db = target.freshDatabase();
    db.getCollection("items").insertMany(numbered(30));

    Document reply =
        db.runCommand(
            new Document("find", "items").append("batchSize", 5).append("singleBatch", true));

    Document cursor = reply.get("cursor", Document.class);
    assertThat(cursor.getLong("id")).isZero();
    assertThat(cursor.getList("firstBatch", Document.class)).hasSize(5);
  }

  @Test
  void changeStreamBatchesHonourBatchSize() {
    MongoDatabase db = target.freshDatabase();
    db.createCollection("items");
    try (ClientSession session = target.client().startSession()) {
      long id = openChangeStreamCursor(db, session, "items").getLong("id");
      db.getCollection("items").insertMany(numbered(25));

      Document more =
          db.runCommand(
              session,
              new Document("getMore", id)
                  .append("collection", "items")
                  .append("batchSize", 10)
                  .append("maxTimeMS", 5000L));
      assertThat(more.get("cursor", Document.class).getList("nextBatch", Document.class))
          .hasSize(10);
    }
  }

  @Test
  void changeStreamBatchesStayWithin16MiB() {
    MongoDatabase db = target.freshDatabase();
    db.createCollection("items");
    byte[] payload = new byte[MIB];
    try (ClientSession session = target.client().startSession()) {
      long id = openChangeStreamCursor(db, session, "items").getLong("id");
      for (int i = 0; i < 20; i++) {
        db.getCollection("items")
            .insertOne(new Document("_id", i).append("payload", new Binary(payload)));
      }

      Document more =
          db.runCommand(
              session,
              new Document("getMore", id).append("collection", "items").append("maxTimeMS", 5000L));
      assertThat(more.get("cursor", Document.class).getList("nextBatch", Document.class))
          .isNotEmpty()
          .hasSizeLessThan(17);
    }
  }

  @Test
  void changeStreamBatchesStayWithin16MiBAndTheDriverReadsThemAll() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    byte[] payload = new byte[MIB];
    try (var cursor = items.watch().maxAwaitTime(200, TimeUnit.MILLISECONDS).cursor()) {
      for (int i = 0; i < 20; i++) {
        items.insertOne(new Document("_id", i).append("payload", new Binary(payload)));
      }

      assertThat(take(cursor, 20)).hasSize(20);
    }
  }
}
