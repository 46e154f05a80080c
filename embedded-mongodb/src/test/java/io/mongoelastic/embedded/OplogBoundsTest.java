package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The embedded oplog keeps only what its bounds allow, and says so when a resume needs more. */
class OplogBoundsTest {

  /** A clock the test moves forward. */
  private static final class SteppingClock extends Clock {
    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

    void advance(Duration duration) {
      millis.addAndGet(duration.toMillis());
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  private static BsonDocument tokenOfFirstInsert(MongoCollection<Document> items, int id) {
    try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor =
        items.watch().maxAwaitTime(100, TimeUnit.MILLISECONDS).cursor()) {
      items.insertOne(new Document("_id", id));
      List<ChangeStreamDocument<Document>> events = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                ChangeStreamDocument<Document> next = cursor.tryNext();
                if (next != null) {
                  events.add(next);
                }
                return !events.isEmpty();
              });
      return events.get(0).getResumeToken();
    }
  }

  private static void assertHistoryLost(MongoCollection<Document> items, BsonDocument token) {
    assertThatThrownBy(() -> items.watch().resumeAfter(token).cursor().close())
        .isInstanceOfSatisfying(
            MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(286));
  }

  @Test
  void keepsAtMostOplogMaxEventsAndLosesOlderResumePoints() {
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().oplogMaxEvents(10).start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> items = client.getDatabase("db").getCollection("items");
      BsonDocument token = tokenOfFirstInsert(items, -1);
      items.insertMany(IntStream.range(0, 20).mapToObj(i -> new Document("_id", i)).toList());

      assertThat(mongo.oplogSize()).isEqualTo(10);
      assertHistoryLost(items, token);
    }
  }

  @Test
  void keepsAtMostOplogMaxBytes() {
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().oplogMaxBytes(64 * 1024).start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> items = client.getDatabase("db").getCollection("items");
      BsonDocument token = tokenOfFirstInsert(items, -1);
      String text = "x".repeat(4096);
      for (int i = 0; i < 40; i++) {
        items.insertOne(new Document("_id", i).append("text", text));
      }

      assertThat(mongo.oplogBytes()).isLessThanOrEqualTo(64 * 1024);
      assertThat(mongo.oplogSize()).isBetween(1L, 39L);
      assertHistoryLost(items, token);
    }
  }

  @Test
  void discardsEventsOlderThanOplogMaxAge() {
    SteppingClock clock = new SteppingClock();
    try (EmbeddedMongo mongo =
            EmbeddedMongo.builder().clock(clock).oplogMaxAge(Duration.ofMinutes(5)).start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> items = client.getDatabase("db").getCollection("items");
      BsonDocument token = tokenOfFirstInsert(items, 1);
      items.insertOne(new Document("_id", 2));

      clock.advance(Duration.ofMinutes(6));

      assertHistoryLost(items, token);
      assertThat(mongo.oplogSize()).isZero();
    }
  }

  @Test
  void resumePointsWithinTheBoundsStillWork() {
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().oplogMaxEvents(100).start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> items = client.getDatabase("db").getCollection("items");
      BsonDocument token = tokenOfFirstInsert(items, -1);
      items.insertMany(IntStream.range(0, 20).mapToObj(i -> new Document("_id", i)).toList());

      try (var cursor = items.watch().resumeAfter(token).cursor()) {
        assertThat(cursor.tryNext()).isNotNull();
      }
    }
  }

  @Test
  void openStreamWhoseUnreadEventsWereTrimmedFailsWithChangeStreamHistoryLost() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> items = client.getDatabase("db").getCollection("items");
      try (var cursor = items.watch().maxAwaitTime(100, TimeUnit.MILLISECONDS).cursor()) {
        items.insertOne(new Document("_id", 1));
        items.insertOne(new Document("_id", 2));
        mongo.trimOplog();

        assertThatThrownBy(cursor::tryNext)
            .isInstanceOfSatisfying(
                MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(286));
      }
    }
  }

  @Test
  void trimOplogBeforeKeepsLaterHistory() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> items = client.getDatabase("db").getCollection("items");
      BsonDocument early = tokenOfFirstInsert(items, 1);
      long cut = mongo.clusterTime() + 1;
      BsonDocument late = tokenOfFirstInsert(items, 2);
      items.insertOne(new Document("_id", 3));

      mongo.trimOplogBefore(cut);

      assertHistoryLost(items, early);
      try (var cursor = items.watch().resumeAfter(late).cursor()) {
        assertThat(cursor.tryNext()).isNotNull();
      }
    }
  }
}
