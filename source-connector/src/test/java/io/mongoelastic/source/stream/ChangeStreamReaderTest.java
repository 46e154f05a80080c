package io.mongoelastic.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import io.mongoelastic.harness.EmbeddedMongoExtension;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import java.time.Duration;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which of the reader's positions are high-water marks, against the embedded server. */
class ChangeStreamReaderTest {
  @RegisterExtension static final EmbeddedMongoExtension MONGO = EmbeddedMongoExtension.shared();
  private MongoDatabase db;
  private SourceTaskMetrics metrics;

  @BeforeEach
  void setUp() {
    db = MONGO.client().getDatabase("hwm" + System.nanoTime());
    metrics = new SourceTaskMetrics("change-stream-reader-test-" + System.nanoTime(), 0);
  }

  @AfterEach
  void closeMetrics() {
    metrics.close();
  }

  private ChangeStreamReader reader(StreamPosition from) {
    return new ChangeStreamReader(
        WatchScope.of(db),
        List.of(),
        FullDocument.DEFAULT,
        Duration.ofMillis(50),
        100,
        from,
        metrics);
  }

  private StreamPosition now() {
    BsonTimestamp time = new BsonTimestamp(MONGO.server().clusterTime());
    return StreamPosition.at(new BsonTimestamp(time.getTime(), time.getInc() + 1));
  }

  private void insert(String id) {
    db.getCollection("c", BsonDocument.class)
        .insertOne(new BsonDocument("_id", new BsonString(id)));
  }

  /** A write the stream does not watch (another database's), logged after the stream's events. */
  private void insertElsewhere(String id) {
    MONGO
        .client()
        .getDatabase(db.getName() + "-other")
        .getCollection("c", BsonDocument.class)
        .insertOne(new BsonDocument("_id", new BsonString(id)));
  }

  @Test
  void aDrainedBatchEndingAtTheLogsEndIsAtItsLastEvent() {
    StreamPosition start = now();
    insert("a");
    insert("b");
    try (ChangeStreamReader reader = reader(start)) {
      List<ChangeStreamDocument<BsonDocument>> events = reader.poll(100);

      // As MongoDB: nothing later was scanned, so the post-batch token is the last event's.
      assertThat(events).hasSize(2);
      assertThat(reader.atHighWaterMark()).isFalse();
      assertThat(reader.position().token()).isEqualTo(events.get(1).getResumeToken());
    }
  }

  @Test
  void aDrainedBatchThatPassedALaterEntryEndsAtAHighWaterMarkPastItsLastEvent() {
    StreamPosition start = now();
    insert("a");
    insert("b");
    insertElsewhere("x");
    try (ChangeStreamReader reader = reader(start)) {
      List<ChangeStreamDocument<BsonDocument>> events = reader.poll(100);

      assertThat(events).hasSize(2);
      assertThat(reader.atHighWaterMark()).isTrue();
      assertThat(reader.position().token()).isNotEqualTo(events.get(1).getResumeToken());
      assertThat(
              StreamOrder.isAfter(
                  reader.position().token(),
                  StreamPosition.after(events.get(1).getResumeToken(), false)))
          .isTrue();
    }
  }

  @Test
  void aBatchTakenInPartIsAtItsLastEventNotAHighWaterMark() {
    StreamPosition start = now();
    insert("a");
    insert("b");
    try (ChangeStreamReader reader = reader(start)) {
      List<ChangeStreamDocument<BsonDocument>> events = reader.poll(1);

      assertThat(events).hasSize(1);
      assertThat(reader.atHighWaterMark()).isFalse();
      assertThat(reader.position().token()).isEqualTo(events.get(0).getResumeToken());
    }
  }

  @Test
  void aStreamReopenedAtAnEventIsNotAtAHighWaterMarkUntilTheServerReportsOne() {
    StreamPosition start = now();
    insert("a");
    BsonDocument eventToken;
    try (ChangeStreamReader first = reader(start)) {
      eventToken = first.poll(1).get(0).getResumeToken();
    }
    try (ChangeStreamReader reopened = reader(StreamPosition.after(eventToken, false))) {
      reopened.poll(100);
      // The embedded server reports a high-water mark at once; MongoDB may first report the token
      // the stream opened at, which must not count as one.
      assertThat(reopened.atHighWaterMark())
          .isEqualTo(!reopened.position().token().equals(eventToken));
    }
  }
}
