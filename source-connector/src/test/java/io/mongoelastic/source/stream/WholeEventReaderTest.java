package io.mongoelastic.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.OperationType;
import io.mongoelastic.harness.EmbeddedMongoExtension;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events over 16 MiB against the embedded server, which fails them with BSONObjectTooLarge and
 * splits them as MongoDB does: the reader's stored position never moves into a split event.
 */
class WholeEventReaderTest {
  private static final int NINE_MIB = 9 * 1024 * 1024;
  // A legal user stage that doubles the event: a 9 MiB document makes an 18 MiB event.
  private static final List<BsonDocument> DOUBLING =
      List.of(BsonDocument.parse("{$addFields: {copy: '$fullDocument'}}"));
  @RegisterExtension static final EmbeddedMongoExtension MONGO = EmbeddedMongoExtension.shared();
  private MongoCollection<BsonDocument> coll;
  private AtomicReference<StreamPosition> stored;
  private SourceTaskMetrics metrics;

  @BeforeEach
  void openCollection() {
    String database = "whole" + System.nanoTime();
    coll = MONGO.client().getDatabase(database).getCollection("c", BsonDocument.class);
    coll.insertOne(new BsonDocument("_id", new BsonString("first")));
    StartPoint start = new StartPointReader(MONGO.client()).capture(database, "c");
    // As the owner starts: after the start point's token, else at the tick after its time.
    stored =
        new AtomicReference<>(
            start.resumeToken() != null
                ? StreamPosition.after(start.resumeToken(), false)
                : StreamPosition.at(
                    new BsonTimestamp(
                        start.operationTime().getTime(), start.operationTime().getInc() + 1)));
    metrics = new SourceTaskMetrics("whole-event-reader-test-" + System.nanoTime(), 0);
  }

  @AfterEach
  void closeMetrics() {
    metrics.close();
  }

  private WholeEventReader reader(boolean split) {
    return reader(split, DOUBLING);
  }

  private WholeEventReader reader(boolean split, List<BsonDocument> userStages) {
    return new WholeEventReader(
        MONGO.client(),
        coll,
        userStages,
        FullDocument.UPDATE_LOOKUP,
        Duration.ofMillis(200),
        1,
        split,
        stored::get,
        metrics);
  }

  private static BsonDocument big(String id) {
    return new BsonDocument("_id", new BsonString(id))
        .append("a", new BsonString("x".repeat(NINE_MIB)));
  }

  /** Polls (one event per poll) until whole events arrived; returns them. */
  private static List<ChangeStreamDocument<BsonDocument>> pollUntil(
      WholeEventReader reader, int count) {
    List<ChangeStreamDocument<BsonDocument>> events = new ArrayList<>();
    for (int i = 0; i < 200 && events.size() < count; i++) {
      events.addAll(reader.poll(1));
    }
    return events;
  }

  @Test
  void aRestartBetweenFragmentsResumesBeforeTheFirstFragmentAndGetsTheWholeEvent() {
    coll.insertOne(big("big"));
    try (WholeEventReader beforeRestart = reader(true)) {
      for (int i = 0; i < 200 && !beforeRestart.midEvent(); i++) {
        assertThat(beforeRestart.poll(1)).isEmpty();
      }
      assertThat(beforeRestart.midEvent()).as("the first fragment arrived alone").isTrue();
      // A heartbeat now would store this position: the one before the event.
      assertThat(beforeRestart.position()).isEqualTo(stored.get());
    }

    try (WholeEventReader afterRestart = reader(true)) {
      List<ChangeStreamDocument<BsonDocument>> events = pollUntil(afterRestart, 1);
      assertThat(events).hasSize(1);
      ChangeStreamDocument<BsonDocument> whole = events.get(0);
      assertThat(whole.getOperationType()).isEqualTo(OperationType.INSERT);
      assertThat(whole.getFullDocument().getString("a").getValue()).hasSize(NINE_MIB);
      assertThat(whole.getExtraElements().getDocument("copy")).isEqualTo(big("big"));
      assertThat(whole.getResumeToken()).isNotEqualTo(stored.get().token());
      assertThat(afterRestart.midEvent()).isFalse();
      assertThat(metrics.getLargeEventsSplit()).isEqualTo(1);
    }
  }

  /**
   * A stream resumed inside a split event (after its first fragment) meets the second fragment
   * without its head: the reader reopens at the stored point and says so, so that a caller keeping
   * facts about that point (the shared stream's collections of its token) takes them back too.
   */
  @Test
  void aFragmentWithoutItsHeadReopensAtTheStoredPointAndSaysSo() {
    coll.insertOne(big("big"));
    BsonDocument firstFragment = null;
    try (MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor =
        stored
            .get()
            .applyTo(
                coll.watch(StreamPipeline.build(DOUBLING, true), BsonDocument.class)
                    .fullDocument(FullDocument.UPDATE_LOOKUP))
            .cursor()) {
      for (int i = 0; i < 200 && firstFragment == null; i++) {
        ChangeStreamDocument<BsonDocument> event = cursor.tryNext();
        if (event != null) {
          assertThat(event.getSplitEvent().getFragment()).isEqualTo(1);
          firstFragment = event.getResumeToken();
        }
      }
    }
    assertThat(firstFragment).as("the event's first fragment").isNotNull();
    StreamPosition inside = StreamPosition.after(firstFragment, false);
    stored.set(inside);

    try (WholeEventReader reader = reader(true)) {
      assertThat(reader.reopenedAtStored()).isFalse();
      for (int i = 0; i < 200 && !reader.reopenedAtStored(); i++) {
        assertThat(reader.poll(1)).as("no whole event from a fragment alone").isEmpty();
      }
      assertThat(reader.reopenedAtStored()).isTrue();
      assertThat(reader.position()).isEqualTo(inside);
      assertThat(reader.midEvent()).isFalse();
    }
  }

  @Test
  void anEventTooLargeToReadBecomesTheDocumentsCurrentStateAndTheStreamGoesOn() {
    coll.insertOne(big("big"));
    coll.insertOne(new BsonDocument("_id", new BsonString("after")));
    try (WholeEventReader reader = reader(false)) {
      List<ChangeStreamDocument<BsonDocument>> events = new ArrayList<>();
      for (int i = 0; i < 200 && events.size() < 2; i++) {
        for (ChangeStreamDocument<BsonDocument> event : reader.poll(1)) {
          events.add(event);
          // As the owner does: the record's offset becomes the stored position.
          stored.set(StreamPosition.after(event.getResumeToken(), false));
        }
      }
      assertThat(events).hasSize(2);
      assertThat(events.get(0).getOperationType()).isEqualTo(OperationType.INSERT);
      assertThat(events.get(0).getFullDocument()).isEqualTo(big("big"));
      assertThat(events.get(1).getDocumentKey().getString("_id").getValue()).isEqualTo("after");
      assertThat(metrics.getLargeEventsFetched()).isEqualTo(1);
    }
  }

  /** Polls until {@code count} whole events arrived, storing each one's token as the owner does. */
  private List<ChangeStreamDocument<BsonDocument>> pollStoring(WholeEventReader reader, int count) {
    List<ChangeStreamDocument<BsonDocument>> events = new ArrayList<>();
    for (int i = 0; i < 200 && events.size() < count; i++) {
      for (ChangeStreamDocument<BsonDocument> event : reader.poll(1)) {
        events.add(event);
        stored.set(StreamPosition.after(event.getResumeToken(), false));
      }
    }
    return events;
  }

  @Test
  void aStreamThatNoLongerSplitsResumesFromAStoredFragmentTokenAndGoesOn() {
    coll.insertOne(big("big"));
    try (WholeEventReader splitting = reader(true)) {
      assertThat(pollStoring(splitting, 1)).hasSize(1);
    }
    // The stored position is now the last fragment's token; stream.large.events changes to
    // fetch_document (no split stage) before the restart.
    coll.insertOne(new BsonDocument("_id", new BsonString("after")));
    try (WholeEventReader fetching = reader(false)) {
      List<ChangeStreamDocument<BsonDocument>> events = pollStoring(fetching, 1);
      assertThat(events).hasSize(1);
      assertThat(events.get(0).getDocumentKey().getString("_id").getValue()).isEqualTo("after");
    }
  }

  @Test
  void anEventWithAFieldTooLargeToSplitBecomesTheDocumentsCurrentState() {
    // One top-level field of 18 MiB: no fragment can hold it (7182500).
    List<BsonDocument> oneHugeField =
        List.of(
            BsonDocument.parse("{$addFields: {copy: {a: '$fullDocument', b: '$fullDocument'}}}"));
    coll.insertOne(big("big"));
    coll.insertOne(new BsonDocument("_id", new BsonString("after")));
    try (WholeEventReader reader = reader(true, oneHugeField)) {
      List<ChangeStreamDocument<BsonDocument>> events = pollStoring(reader, 2);
      assertThat(events).hasSize(2);
      assertThat(events.get(0).getFullDocument()).isEqualTo(big("big"));
      assertThat(events.get(1).getDocumentKey().getString("_id").getValue()).isEqualTo("after");
      assertThat(metrics.getLargeEventsFetched()).isEqualTo(1);
    }
  }
}
