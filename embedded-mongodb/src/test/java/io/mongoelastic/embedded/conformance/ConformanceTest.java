package io.mongoelastic.embedded.conformance;

import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the conformance tests: one {@link MongoTarget} per test class (the embedded server, or a
 * real replica set given by {@code -Dmongodb.it.uri}), and short-polling stream helpers. Tests use
 * fresh databases, so they do not see each other's writes.
 */
abstract class ConformanceTest {
  protected static MongoTarget target;

  @BeforeAll
  static void startTarget() {
    target = MongoTarget.start();
  }

  @AfterAll
  static void stopTarget() {
    target.close();
  }

  protected static <T> MongoChangeStreamCursor<ChangeStreamDocument<T>> open(
      ChangeStreamIterable<T> stream) {
    return stream.maxAwaitTime(200, TimeUnit.MILLISECONDS).cursor();
  }

  /**
   * Opens a change stream on {@code collection} by command, as drivers do, and returns the reply's
   * {@code cursor}: its id, first batch and post-batch resume token.
   */
  protected static Document openChangeStreamCursor(
      MongoDatabase db, ClientSession session, String collection) {
    Document opened =
        db.runCommand(
            session,
            new Document("aggregate", collection)
                .append("pipeline", List.of(new Document("$changeStream", new Document())))
                .append("cursor", new Document()));
    return opened.get("cursor", Document.class);
  }

  /** The events as the server sent them, to check which fields are present. */
  protected static MongoCursor<BsonDocument> openRaw(ChangeStreamIterable<?> stream) {
    return stream
        .maxAwaitTime(200, TimeUnit.MILLISECONDS)
        .withDocumentClass(BsonDocument.class)
        .cursor();
  }
}
