package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import io.mongoelastic.harness.EmbeddedMongoExtension;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.stream.HistoryLostException;
import io.mongoelastic.source.stream.ResumeTokenTime;
import io.mongoelastic.source.stream.StreamOrder;
import io.mongoelastic.source.stream.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The task's one change stream against the embedded server: every collection gets exactly its
 * events after its own position, across joins, leaves, drops and lost history, over one cursor.
 */
class SharedChangeStreamTest {
  @RegisterExtension static final EmbeddedMongoExtension MONGO = EmbeddedMongoExtension.shared();
  private MongoDatabase db;
  private SourceTaskMetrics metrics;
  private SharedChangeStream shared;

  @BeforeEach
  void openStream() {
    db = MONGO.client().getDatabase("shared" + System.nanoTime());
    metrics = new SourceTaskMetrics("shared-change-stream-test-" + System.nanoTime(), 0);
    shared = stream(Map.of());
  }

  private SharedChangeStream stream(Map<String, String> settings) {
    Map<String, String> props = new HashMap<>(settings);
    props.put("mongodb.uri", MONGO.connectionString());
    props.put("mongodb.database", db.getName());
    return new SharedChangeStream(
        MONGO.client(), new MongoSourceConfig(props), Duration.ofMillis(100), 100, false, metrics);
  }

  @AfterEach
  void close() {
    shared.close();
    metrics.close();
  }

  /** A member that records what it is handed and moves its position as a collection does. */
  private static final class Recorder implements SharedChangeStream.Member {
    final String name;
    StreamPosition position;
    String positionCollection;
    final List<String> received = new ArrayList<>();
    HistoryLostException lost;

    Recorder(String name, StreamPosition position) {
      this.name = name;
      this.position = position;
    }

    @Override
    public String collection() {
      return name;
    }

    @Override
    public StreamPosition position() {
      return position;
    }

    @Override
    public String positionCollection() {
      return positionCollection;
    }

    @Override
    public void accept(ChangeStreamDocument<BsonDocument> event, List<SourceRecord> out) {
      position = StreamPosition.after(event.getResumeToken(), false);
      positionCollection = null;
      received.add(
          event.getOperationType() == OperationType.INSERT
              ? event.getDocumentKey().getString("_id").getValue()
              : event.getOperationTypeString());
    }

    @Override
    public void reached(StreamPosition shared, String eventCollection, List<SourceRecord> out) {
      if (shared.token() != null && StreamOrder.comparePositions(shared, position) > 0) {
        position = shared;
        positionCollection = eventCollection;
      }
    }

    @Override
    public long heartbeatDueAtMillis() {
      return 0;
    }

    @Override
    public void answered() {}

    @Override
    public void historyLost(HistoryLostException e) {
      lost = e;
    }
  }

  private StreamPosition now() {
    BsonTimestamp time = new BsonTimestamp(MONGO.server().clusterTime());
    return StreamPosition.at(new BsonTimestamp(time.getTime(), time.getInc() + 1));
  }

  private void insert(String collection, String id) {
    db.getCollection(collection, BsonDocument.class)
        .insertOne(new BsonDocument("_id", new BsonString(id)));
  }

  /** The tokens of the database's events from {@code from} on, in order. */
  private List<BsonDocument> tokensFrom(StreamPosition from, int count) {
    List<BsonDocument> tokens = new ArrayList<>();
    try (MongoCursor<ChangeStreamDocument<BsonDocument>> cursor =
        from.applyTo(db.watch(List.of(), BsonDocument.class)).cursor()) {
      while (tokens.size() < count) {
        ChangeStreamDocument<BsonDocument> event = cursor.tryNext();
        if (event != null) {
          tokens.add(event.getResumeToken());
        }
      }
    }
    return tokens;
  }

  private void stepUntil(BooleanSupplier done) {
    List<SourceRecord> out = new ArrayList<>();
    for (int i = 0; i < 100 && !done.getAsBoolean(); i++) {
      shared.step(out, 100);
    }
    assertThat(done.getAsBoolean()).as("condition reached within 100 steps").isTrue();
  }

  @Test
  void eachCollectionGetsOnlyItsOwnEventsAfterItsOwnPosition() {
    StreamPosition start = now();
    insert("a", "a1");
    insert("b", "b1");
    insert("a", "a2");
    insert("b", "b2");
    List<BsonDocument> tokens = tokensFrom(start, 4);
    // As after a restart: a has sent a1, b nothing yet.
    Recorder a = new Recorder("a", StreamPosition.after(tokens.get(0), false));
    Recorder b = new Recorder("b", start);
    Recorder quiet = new Recorder("quiet", StreamPosition.after(tokens.get(3), false));
    shared.join(a);
    shared.join(b);
    shared.join(quiet);

    stepUntil(() -> a.received.size() >= 1 && b.received.size() >= 2);
    insert("quiet", "q1");
    stepUntil(() -> quiet.received.size() >= 1);

    assertThat(a.received).containsExactly("a2");
    assertThat(b.received).containsExactly("b1", "b2");
    assertThat(quiet.received).containsExactly("q1");
    assertThat(metrics.getOpenChangeStreams()).isEqualTo(1);
  }

  @Test
  void collectionsJoiningAtTaskStartOpenOneCursorAndALaterJoinReopensItOnce() {
    StreamPosition start = now();
    List<Recorder> members = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Recorder member = new Recorder(String.format("c%04d", i), start);
      members.add(member);
      // As every owner does in the task's first turn, before the stream's first step.
      shared.join(member);
    }
    insert("c0999", "first");

    stepUntil(() -> members.get(999).received.size() >= 1);
    assertThat(metrics.getChangeStreamOpenings()).isEqualTo(1);

    // A collection whose snapshot ended later: its join reopens the cursor, once.
    Recorder late = new Recorder("late", now());
    shared.join(late);
    insert("late", "l1");
    stepUntil(() -> late.received.size() >= 1);
    assertThat(metrics.getChangeStreamOpenings()).isEqualTo(2);
    assertThat(metrics.getOpenChangeStreams()).isEqualTo(1);
    assertThat(members.get(999).received).containsExactly("first");
  }

  @Test
  void aCollectionJoiningBehindTheStreamLosesNothingAndTheOthersGetNoDuplicate() {
    Recorder a = new Recorder("a", now());
    shared.join(a);
    shared.step(new ArrayList<>(), 100);
    StreamPosition beforeB = now();
    insert("b", "b1");
    insert("a", "a1");
    stepUntil(() -> a.received.size() >= 1);

    // b ends its snapshot at a position the stream has already passed.
    Recorder b = new Recorder("b", beforeB);
    shared.join(b);
    insert("a", "a2");
    insert("b", "b2");
    stepUntil(() -> a.received.size() >= 2 && b.received.size() >= 2);

    assertThat(a.received).containsExactly("a1", "a2");
    assertThat(b.received).containsExactly("b1", "b2");
    assertThat(metrics.getOpenChangeStreams()).isEqualTo(1);
  }

  @Test
  void aCollectionThatLeftGetsNothingMoreAndTheOthersGoOn() {
    Recorder a = new Recorder("a", now());
    Recorder b = new Recorder("b", now());
    shared.join(a);
    shared.join(b);
    insert("b", "b1");
    stepUntil(() -> b.received.size() >= 1);

    shared.leave(b);
    insert("b", "b2");
    insert("a", "a1");
    stepUntil(() -> a.received.size() >= 1);

    assertThat(b.received).containsExactly("b1");
    assertThat(a.received).containsExactly("a1");
    assertThat(shared.memberCount()).isEqualTo(1);
  }

  @Test
  void aDroppedCollectionStaysInTheStreamAndItsRecreationIsSeen() {
    insert("a", "a0");
    Recorder a = new Recorder("a", now());
    shared.join(a);
    shared.step(new ArrayList<>(), 100);
    db.getCollection("a").drop();
    insert("a", "a1");
    stepUntil(() -> a.received.size() >= 2);

    assertThat(a.received).containsExactly("drop", "a1");
    assertThat(metrics.getOpenChangeStreams()).isEqualTo(1);
  }

  @Test
  void aDroppedDatabaseEndsTheStreamWhichReopensAfterItsInvalidate() {
    insert("a", "a0");
    Recorder a = new Recorder("a", now());
    shared.join(a);
    shared.step(new ArrayList<>(), 100);
    db.drop();
    insert("a", "a1");
    stepUntil(() -> a.received.size() >= 2);

    assertThat(a.received).containsExactly("drop", "a1");
    assertThat(metrics.getOpenChangeStreams()).isEqualTo(1);
  }

  @Test
  void aPipelineThatRemovesTheNamespaceFailsNamingStreamPipeline() {
    shared.close();
    // Passes validation (what $replaceRoot keeps cannot be known up front), but drops ns.
    shared =
        stream(
            Map.of(
                "stream.pipeline",
                "[{\"$replaceRoot\": {\"newRoot\": {\"_id\": \"$_id\", \"operationType\":"
                    + " \"$operationType\", \"clusterTime\": \"$clusterTime\","
                    + " \"documentKey\": \"$documentKey\"}}}]"));
    shared.join(new Recorder("a", now()));
    insert("a", "a1");

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 100; i++) {
                shared.step(new ArrayList<>(), 100);
              }
            })
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("stream.pipeline")
        .hasMessageContaining(db.getName());
  }

  @Test
  void lostHistoryIsTheLossOfTheCollectionsAtTheOpeningPositionOnly() {
    StreamPosition start = now();
    insert("a", "a1");
    insert("b", "b1");
    insert("a", "a2");
    List<BsonDocument> tokens = tokensFrom(start, 3);
    Recorder a = new Recorder("a", StreamPosition.after(tokens.get(0), false));
    Recorder b = new Recorder("b", StreamPosition.after(tokens.get(1), false));
    // Trims only history before this test's own events: nothing another class still reads.
    MONGO.server().trimOplogBefore(ResumeTokenTime.of(tokens.get(1)).getValue());
    shared.join(a);
    shared.join(b);

    insert("b", "b2");
    stepUntil(() -> a.lost != null && b.received.size() >= 1);

    assertThat(a.lost.getMessage()).contains(db.getName());
    assertThat(b.lost).isNull();
    assertThat(b.received).containsExactly("b2");
    assertThat(a.received).isEmpty();
    assertThat(shared.memberCount()).isEqualTo(1);
  }
}
