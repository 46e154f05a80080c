package io.mongoelastic.embedded.conformance;

import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
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

  /** The events as the server sent them, to check which fields are present. */
  protected static MongoCursor<BsonDocument> openRaw(ChangeStreamIterable<?> stream) {
    return stream
        .maxAwaitTime(200, TimeUnit.MILLISECONDS)
        .withDocumentClass(BsonDocument.class)
        .cursor();
  }
}
