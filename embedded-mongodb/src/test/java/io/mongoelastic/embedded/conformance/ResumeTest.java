package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.MongoCommandException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

/**
 * Resuming change streams as MongoDB documents it: resumeAfter, startAfter, startAtOperationTime,
 * post-batch resume tokens, ChangeStreamHistoryLost when history is gone, and
 * ChangeStreamFatalError when the token's event is not in the stream.
 */
class ResumeTest extends ConformanceTest {
  /**
   * The event of inserting {@code {_id: 1}} into {@code items}, read by a stream opened just
   * before; then, with that stream closed, an insert of {@code {_id: 2}}.
   */
  private static ChangeStreamDocument<Document> firstInsertThenSecond(
      MongoCollection<Document> items) {
    ChangeStreamDocument<Document> first;
    try (var cursor = open(items.watch())) {
      items.insertOne(new Document("_id", 1));
      first = take(cursor, 1).get(0);
    }
    items.insertOne(new Document("_id", 2));
    return first;
  }

  /**
   * The drop and invalidate events of dropping {@code items}, created with {@code {_id: 1}}, read
   * by a stream opened before the drop.
   */
  private static List<ChangeStreamDocument<Document>> dropAndInvalidate(
      MongoCollection<Document> items) {
    items.insertOne(new Document("_id", 1));
    try (var cursor = open(items.watch())) {
      items.drop();
      return take(cursor, 2);
    }
  }

  /**
   * The post-batch resume token of {@code stream}'s first batch, which holds no event: the stream's
   * high-water mark.
   */
  private static BsonDocument emptyBatchsToken(ChangeStreamIterable<Document> stream) {
    try (var cursor = open(stream)) {
      assertThat(cursor.tryNext()).isNull();
      BsonDocument token = cursor.getResumeToken();
      assertThat(token).isNotNull();
      return token;
    }
  }

  /** The first event {@code stream} delivers is of the document with {@code documentKey}. */
  private static void assertFirstEventIsOf(
      ChangeStreamIterable<Document> stream, String documentKey) {
    try (var resumed = open(stream)) {
      assertThat(take(resumed, 1).get(0).getDocumentKey())
          .isEqualTo(BsonDocument.parse(documentKey));
    }
  }

  @Test
  void resumeAfterContinuesWithTheNextEvent() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    BsonDocument token = firstInsertThenSecond(items).getResumeToken();

    assertFirstEventIsOf(items.watch().resumeAfter(token), "{_id: 2}");
  }

  @Test
  void resumeAfterAnInvalidateIsRejected() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    BsonDocument invalidate = dropAndInvalidate(items).get(1).getResumeToken();

    assertThatThrownBy(() -> items.watch().resumeAfter(invalidate).cursor().close())
        .isInstanceOfSatisfying(
            MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(260));
  }

  @Test
  void startAfterAnInvalidateSeesTheRecreatedCollection() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    BsonDocument invalidate = dropAndInvalidate(items).get(1).getResumeToken();
    items.insertOne(new Document("_id", "again"));

    try (var resumed = open(items.watch().startAfter(invalidate))) {
      ChangeStreamDocument<Document> event = take(resumed, 1).get(0);
      assertThat(event.getOperationType()).isEqualTo(OperationType.INSERT);
      assertThat(event.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 'again'}"));
    }
  }

  @Test
  void resumeAfterTheDropDeliversTheInvalidate() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    BsonDocument dropToken = dropAndInvalidate(items).get(0).getResumeToken();

    try (var resumed = open(items.watch().resumeAfter(dropToken))) {
      assertThat(take(resumed, 1).get(0).getOperationType()).isEqualTo(OperationType.INVALIDATE);
    }
  }

  @Test
  void startAtOperationTimeIncludesTheEventAtThatTime() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    BsonTimestamp first = firstInsertThenSecond(items).getClusterTime();

    try (var resumed = open(items.watch().startAtOperationTime(first))) {
      assertThat(take(resumed, 2))
          .extracting(event -> event.getDocumentKey().getInt32("_id").getValue())
          .containsExactly(1, 2);
    }
  }

  @Test
  void resumingFromAnEmptyBatchsPostBatchResumeTokenSeesLaterWrites() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", "before"));
    BsonDocument postBatchToken = emptyBatchsToken(items.watch());
    items.insertOne(new Document("_id", "after"));

    assertFirstEventIsOf(items.watch().resumeAfter(postBatchToken), "{_id: 'after'}");
  }

  @Test
  void startAtAReplysOperationTimeSeesWritesMadeAfterIt() {
    MongoDatabase db = target.freshDatabase();
    MongoCollection<Document> items = db.getCollection("items");
    items.insertOne(new Document("_id", "earlier"));
    BsonTimestamp operationTime;
    try (ClientSession session = target.client().startSession()) {
      db.runCommand(session, new Document("ping", 1));
      operationTime = session.getOperationTime();
    }
    assertThat(operationTime).isNotNull();
    items.insertOne(new Document("_id", "later"));

    try (var cursor = open(items.watch().startAtOperationTime(operationTime))) {
      List<ChangeStreamDocument<Document>> events = take(cursor, 1);
      // The operation time may equal the earlier insert's; MongoDB then delivers that one first.
      ChangeStreamDocument<Document> last = events.get(0);
      if (last.getDocumentKey().equals(BsonDocument.parse("{_id: 'earlier'}"))) {
        last = take(cursor, 1).get(0);
      }
      assertThat(last.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 'later'}"));
    }
  }

  @Test
  void resumingFromTrimmedHistoryFailsWithChangeStreamHistoryLost() {
    assumeTrue(target.isEmbedded(), "history can only be trimmed on demand in the embedded server");
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    ChangeStreamDocument<Document> first = firstInsertThenSecond(items);
    BsonDocument token = first.getResumeToken();
    BsonTimestamp time = first.getClusterTime();
    target.embedded().trimOplog();

    assertThatThrownBy(() -> items.watch().resumeAfter(token).cursor().close())
        .isInstanceOfSatisfying(
            MongoCommandException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo(286);
              assertThat(e.getErrorCodeName()).isEqualTo("ChangeStreamHistoryLost");
              assertThat(e.getErrorLabels()).contains("NonResumableChangeStreamError");
            });
    assertThatThrownBy(() -> items.watch().startAtOperationTime(time).cursor().close())
        .isInstanceOfSatisfying(
            MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(286));
  }

  /**
   * Resuming from an event token whose event is not in this stream (here an event of another
   * collection, inside the retained history) fails once the stream reaches a later event: MongoDB's
   * ChangeStreamFatalError (280) "cannot resume stream; the resume token was not found", labelled
   * NonResumableChangeStreamError (change-streams docs "Resume a Change Stream"; the server's check
   * that the resumed event is present).
   */
  @Test
  void resumingFromAnEventNotInTheStreamFailsWithResumeTokenNotFound() {
    MongoDatabase db = target.freshDatabase();
    MongoCollection<Document> items = db.getCollection("items");
    BsonDocument otherToken = otherEventToken(db, db.getCollection("other").watch());
    items.insertOne(new Document("_id", 2));

    assertThatThrownBy(
            () -> {
              try (var resumed = open(items.watch().resumeAfter(otherToken))) {
                take(resumed, 1);
              }
            })
        .isInstanceOfSatisfying(
            MongoCommandException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo(280);
              assertThat(e.getErrorMessage()).contains("the resume token was not found");
              assertThat(e.getErrorLabels()).contains("NonResumableChangeStreamError");
            });
  }

  /** Until a later event arrives the stream waits, as MongoDB's does: no error, no event. */
  @Test
  void resumingFromAnEventNotInTheStreamWaitsUntilALaterEvent() {
    MongoDatabase db = target.freshDatabase();
    MongoCollection<Document> items = db.getCollection("items");
    BsonDocument otherToken = otherEventToken(db, db.getCollection("other").watch());

    try (var resumed = open(items.watch().resumeAfter(otherToken))) {
      assertThat(resumed.tryNext()).isNull();
      items.insertOne(new Document("_id", 2));
      assertThatThrownBy(() -> take(resumed, 1))
          .isInstanceOfSatisfying(
              MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(280));
    }
  }

  /**
   * Creates {@code items} with {@code {_id: 'created'}}, then returns the token of an insert into
   * {@code other} as {@code stream}, which sees {@code other}'s events, read it.
   */
  private static BsonDocument otherEventToken(
      MongoDatabase db, ChangeStreamIterable<Document> stream) {
    db.getCollection("items").insertOne(new Document("_id", "created"));
    try (var cursor = open(stream)) {
      db.getCollection("other").insertOne(new Document("_id", 1));
      return take(cursor, 1).get(0).getResumeToken();
    }
  }

  private static List<Bson> onlyCollections(String... names) {
    return List.of(Aggregates.match(Filters.in("ns.coll", List.of(names))));
  }

  /**
   * The token of an insert into {@code other}, read by a database stream over {@code items} and
   * {@code other}; then an insert of {@code {_id: 2}} into {@code items}.
   */
  private static BsonDocument otherEventThenItems(MongoDatabase db) {
    BsonDocument otherToken = otherEventToken(db, db.watch(onlyCollections("items", "other")));
    db.getCollection("items").insertOne(new Document("_id", 2));
    return otherToken;
  }

  /**
   * A database stream resumed from the event of a collection its {@code $match} leaves out fails
   * with 280 at the first event it passes: MongoDB checks for the resume token's event after the
   * user's leading {@code $match} (the check stage swaps with a {@code $match}; since 6.0 the
   * filter is also rewritten into the oplog scan), so the token's event is never seen.
   */
  @Test
  void resumingFromAnEventTheNewMatchFiltersOutFailsWithResumeTokenNotFound() {
    MongoDatabase db = target.freshDatabase();
    BsonDocument otherToken = otherEventThenItems(db);

    assertThatThrownBy(
            () -> {
              try (var resumed = open(db.watch(onlyCollections("items")).resumeAfter(otherToken))) {
                take(resumed, 1);
              }
            })
        .isInstanceOfSatisfying(
            MongoCommandException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo(280);
              assertThat(e.getErrorMessage()).contains("the resume token was not found");
            });
  }

  /** The same token resumes a stream whose {@code $match} still passes its event. */
  @Test
  void resumingFromAnEventTheNewMatchStillPassesContinuesAfterIt() {
    MongoDatabase db = target.freshDatabase();
    BsonDocument otherToken = otherEventThenItems(db);

    assertFirstEventIsOf(
        db.watch(onlyCollections("other", "items")).resumeAfter(otherToken), "{_id: 2}");
  }

  /**
   * A high-water mark (the post-batch resume token of a batch with no event) names no event, so a
   * stream with any other {@code $match} resumes from it: MongoDB only checks that its time is
   * still in the oplog, as for {@code startAtOperationTime}.
   */
  @Test
  void aHighWaterMarkResumesAStreamWithAnyMatch() {
    MongoDatabase db = target.freshDatabase();
    MongoCollection<Document> items = db.getCollection("items");
    items.insertOne(new Document("_id", "created"));
    BsonDocument highWaterMark = emptyBatchsToken(db.watch(onlyCollections("other")));
    items.insertOne(new Document("_id", "after"));

    assertFirstEventIsOf(
        db.watch(onlyCollections("items")).resumeAfter(highWaterMark), "{_id: 'after'}");
  }
}
