package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.mongoelastic.embedded.EmbeddedMongo;
import io.mongoelastic.harness.EmbeddedMongoExtension;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.CollectionOffset.Phase;
import io.mongoelastic.source.offset.CollectionPartition;
import io.mongoelastic.source.stream.HistoryLostException;
import io.mongoelastic.source.stream.StreamOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The positions collections store while sharing a change stream resume a stream over any other set
 * of collections: the embedded server, like MongoDB, fails a stream resumed from an event its
 * {@code $match} filters out (280), which the connector would take for lost history and answer with
 * a new snapshot.
 */
@Timeout(60)
class SharedStreamStoredPositionsTest {
  @RegisterExtension static final EmbeddedMongoExtension MONGO = new EmbeddedMongoExtension();
  private EmbeddedMongo mongo;
  private MongoClient client;
  private MongoDatabase db;
  private MongoSourceConfig config;
  private SourceTaskMetrics metrics;
  private final List<SharedChangeStream> streams = new ArrayList<>();
  private final List<HistoryLostException> lost = new ArrayList<>();

  @BeforeEach
  void setUp() {
    mongo = MONGO.server();
    client = MONGO.client();
    db = client.getDatabase("positions" + System.nanoTime());
    metrics = new SourceTaskMetrics("shared-stream-positions-test-" + System.nanoTime(), 0);
    Map<String, String> props = new HashMap<>();
    props.put("mongodb.uri", mongo.connectionString());
    props.put("mongodb.database", db.getName());
    // Every read of the stream is a heartbeat's occasion.
    props.put("heartbeat.interval.ms", "1");
    config = new MongoSourceConfig(props);
  }

  @AfterEach
  void close() {
    streams.forEach(SharedChangeStream::close);
    metrics.close();
  }

  private SharedChangeStream newStream() {
    SharedChangeStream stream =
        new SharedChangeStream(client, config, Duration.ofMillis(100), 100, false, metrics);
    streams.add(stream);
    return stream;
  }

  private CollectionStream member(String collection, CollectionOffset offset) {
    return new CollectionStream(
        collection,
        config,
        new CollectionPartition(db.getName() + "." + collection).toMap(),
        metrics,
        offset,
        lost::add);
  }

  private CollectionOffset streamingFromNow() {
    return CollectionOffset.builder(Phase.STREAM)
        .resyncToken("r1")
        .startAt(new BsonTimestamp(mongo.clusterTime()))
        .build();
  }

  private void insert(String collection, String id) {
    db.getCollection(collection, BsonDocument.class)
        .insertOne(new BsonDocument("_id", new BsonString(id)));
  }

  private List<String> documents(List<SourceRecord> records, String collection) {
    return records.stream()
        .filter(r -> r.topic().equals(config.topicFor(collection)))
        .map(r -> String.valueOf(r.key()))
        .toList();
  }

  /** Steps until {@code done} holds, however long that takes (the class's @Timeout bounds it). */
  private static void stepUntil(
      SharedChangeStream stream, int budget, List<SourceRecord> out, BooleanSupplier done) {
    while (!done.getAsBoolean()) {
      stream.step(out, budget);
    }
  }

  /**
   * Waits until each of {@code members} is due a heartbeat (the interval is 1 ms here), so the next
   * read stores the stream's position in it.
   */
  private static void awaitHeartbeatsDue(CollectionStream... members) throws InterruptedException {
    for (CollectionStream member : members) {
      while (member.heartbeatDueAtMillis() > System.currentTimeMillis()) {
        Thread.sleep(1);
      }
    }
  }

  @Test
  void aQuietCollectionResumesAloneAfterARestartWithoutTheBusyOne() throws Exception {
    SharedChangeStream before = newStream();
    CollectionStream busy = member("busy", streamingFromNow());
    CollectionStream quiet = member("quiet", streamingFromNow());
    before.join(busy);
    before.join(quiet);
    List<SourceRecord> out = new ArrayList<>();
    before.step(out, 100);
    insert("busy", "b1");
    insert("busy", "b2");
    stepUntil(before, 100, out, () -> documents(out, "busy").size() >= 2);
    stepUntil(before, 100, out, () -> quiet.offset().resumeToken() != null);
    before.close();

    // After a restart the busy collection is no longer this task's (or it re-snapshots).
    SharedChangeStream after = newStream();
    CollectionStream restarted = member("quiet", quiet.offset());
    after.join(restarted);
    insert("busy", "b3");
    insert("quiet", "q1");
    List<SourceRecord> resumed = new ArrayList<>();
    stepUntil(after, 100, resumed, () -> !documents(resumed, "quiet").isEmpty() || !lost.isEmpty());

    assertThat(lost).isEmpty();
    assertThat(documents(resumed, "quiet")).hasSize(1).allMatch(key -> key.contains("q1"));
  }

  @Test
  void aCollectionLeavingRightAfterItsEventCostsTheOthersNothing() {
    SharedChangeStream stream = newStream();
    CollectionStream leaving = member("leaving", streamingFromNow());
    CollectionStream staying = member("staying", streamingFromNow());
    stream.join(leaving);
    stream.join(staying);
    List<SourceRecord> out = new ArrayList<>();
    stream.step(out, 100);
    insert("leaving", "l1");
    insert("leaving", "l2");
    // One event per read: the stream's position is now l1's token, not a high-water mark.
    stepUntil(stream, 1, out, () -> documents(out, "leaving").size() >= 1);

    stream.leave(leaving);
    insert("staying", "s1");
    stepUntil(stream, 100, out, () -> !documents(out, "staying").isEmpty() || !lost.isEmpty());

    assertThat(lost).isEmpty();
    assertThat(documents(out, "staying")).hasSize(1).allMatch(key -> key.contains("s1"));
    assertThat(documents(out, "leaving")).hasSize(1);
  }

  @Test
  void aQuietCollectionKeepsUpWithABusyOneAndResumesWithoutIt() throws Exception {
    SharedChangeStream before = newStream();
    CollectionStream busy = member("busy", streamingFromNow());
    CollectionStream quiet = member("quiet", streamingFromNow());
    before.join(busy);
    before.join(quiet);
    List<SourceRecord> out = new ArrayList<>();
    before.step(out, 100);
    for (int i = 1; i <= 5; i++) {
      insert("busy", "b" + i);
    }
    // One event per read of a batch of five: every read ends at a busy event, none at a
    // high-water mark, and the quiet collection's heartbeat is due at each.
    while (documents(out, "busy").size() < 3) {
      awaitHeartbeatsDue(quiet);
      before.step(out, 1);
    }
    assertThat(documents(out, "busy")).hasSize(3);

    assertThat(quiet.offset().resumeToken()).isEqualTo(busy.offset().resumeToken());
    assertThat(quiet.offset().positionCollection()).isEqualTo("busy");
    assertThat(out)
        .filteredOn(r -> r.topic().equals(config.heartbeatTopic()))
        .last()
        .satisfies(r -> assertThat(r.sourceOffset().get("position_collection")).isEqualTo("busy"));
    before.close();

    // After a restart the busy collection is no longer this task's: the stream opens at its event.
    insert("quiet", "q1");
    SharedChangeStream after = newStream();
    CollectionStream restarted = member("quiet", quiet.offset());
    after.join(restarted);
    insert("busy", "b6");
    insert("quiet", "q2");
    List<SourceRecord> resumed = new ArrayList<>();
    stepUntil(
        after, 100, resumed, () -> documents(resumed, "quiet").size() >= 2 || !lost.isEmpty());

    assertThat(lost).as("no 280, no new snapshot").isEmpty();
    assertThat(documents(resumed, "quiet"))
        .satisfiesExactly(
            key -> assertThat(key).contains("q1"), key -> assertThat(key).contains("q2"));
    assertThat(documents(resumed, "busy")).isEmpty();
    assertThat(restarted.offset().positionCollection()).isNull();
    // Past the busy event, the stream no longer reads the busy collection's events.
    stepUntil(after, 100, resumed, () -> !after.matched().contains("busy"));
    assertThat(after.matched()).containsExactly("quiet");
  }

  /**
   * A collection kept in the {@code $match} only because the stream opened at its event, so busy
   * that every read ends at its events: the stream must still leave it, and quiet members must not
   * store its tokens (which would keep it in the {@code $match} of every later opening too).
   */
  @Test
  void aBusyCollectionKeptForTheOpeningPointIsLeftThoughEveryReadEndsAtItsEvents()
      throws Exception {
    SharedChangeStream before = newStream();
    CollectionStream busy = member("busy", streamingFromNow());
    CollectionStream quiet = member("quiet", streamingFromNow());
    CollectionStream idle = member("idle", streamingFromNow());
    before.join(busy);
    before.join(quiet);
    before.join(idle);
    List<SourceRecord> out = new ArrayList<>();
    before.step(out, 100);
    for (int i = 1; i <= 5; i++) {
      insert("busy", "b" + i);
    }
    while (documents(out, "busy").size() < 3) {
      awaitHeartbeatsDue(quiet, idle);
      before.step(out, 1);
    }
    assertThat(idle.offset().positionCollection()).isEqualTo("busy");
    assertThat(quiet.offset().positionCollection()).isEqualTo("busy");
    before.close();

    // After a restart the busy collection is no longer this task's; it keeps being written, one
    // write after each of the quiet collection's, so every read of two events ends at its event.
    SharedChangeStream after = newStream();
    CollectionStream quietAfter = member("quiet", quiet.offset());
    CollectionStream idleAfter = member("idle", idle.offset());
    after.join(quietAfter);
    after.join(idleAfter);
    for (int i = 1; i <= 20; i++) {
      insert("quiet", "q" + i);
      insert("busy", "x" + i);
    }
    List<SourceRecord> resumed = new ArrayList<>();
    stepUntil(after, 2, resumed, () -> documents(resumed, "quiet").size() >= 3 || !lost.isEmpty());

    assertThat(after.matched()).as("reopened without the busy collection").doesNotContain("busy");
    assertThat(idleAfter.offset().positionCollection())
        .as("the idle collection stores a member's event, not the busy one's")
        .isNotEqualTo("busy");
    stepUntil(after, 2, resumed, () -> documents(resumed, "quiet").size() >= 20 || !lost.isEmpty());
    assertThat(lost).as("no 280, no new snapshot").isEmpty();
    assertThat(documents(resumed, "quiet"))
        .as("every change of the quiet collection once, in order")
        .hasSize(20)
        .satisfies(
            keys -> {
              for (int i = 0; i < 20; i++) {
                assertThat(keys.get(i)).contains("q" + (i + 1));
              }
            });
    assertThat(documents(resumed, "busy")).isEmpty();

    // The positions stored meanwhile resume a stream of the members alone.
    SharedChangeStream again = newStream();
    CollectionStream idleAgain = member("idle", idleAfter.offset());
    again.join(idleAgain);
    insert("idle", "i1");
    List<SourceRecord> third = new ArrayList<>();
    stepUntil(again, 100, third, () -> !documents(third, "idle").isEmpty() || !lost.isEmpty());
    assertThat(lost).isEmpty();
    assertThat(again.matched()).doesNotContain("busy");
    assertThat(documents(third, "idle")).hasSize(1).allMatch(key -> key.contains("i1"));
  }

  /** As above, with members that have no event at all while the busy collection is read. */
  @Test
  void aBusyCollectionKeptForTheOpeningPointIsLeftWhileTheMembersStaySilent() throws Exception {
    SharedChangeStream before = newStream();
    CollectionStream busy = member("busy", streamingFromNow());
    CollectionStream idle = member("idle", streamingFromNow());
    before.join(busy);
    before.join(idle);
    List<SourceRecord> out = new ArrayList<>();
    before.step(out, 100);
    for (int i = 1; i <= 5; i++) {
      insert("busy", "b" + i);
    }
    while (documents(out, "busy").size() < 3) {
      awaitHeartbeatsDue(idle);
      before.step(out, 1);
    }
    assertThat(idle.offset().positionCollection()).isEqualTo("busy");
    before.close();

    SharedChangeStream after = newStream();
    CollectionStream idleAfter = member("idle", idle.offset());
    after.join(idleAfter);
    for (int i = 1; i <= 20; i++) {
      insert("busy", "x" + i);
    }
    List<SourceRecord> resumed = new ArrayList<>();
    // One event per read of a batch of twenty: every read ends at a busy event (the batch is not
    // drained, so no high-water mark comes).
    for (int i = 0; i < 5; i++) {
      after.step(resumed, 1);
    }
    assertThat(after.matched()).as("reopened without the busy collection").containsExactly("idle");
    stepUntil(
        after,
        1,
        resumed,
        () -> idleAfter.offset().positionCollection() == null || !lost.isEmpty());
    assertThat(lost).as("no 280, no new snapshot").isEmpty();
    assertThat(idleAfter.offset().resumeToken())
        .as("the idle collection's position moved past the busy events")
        .isNotEqualTo(idle.offset().resumeToken());

    insert("idle", "i1");
    stepUntil(after, 100, resumed, () -> !documents(resumed, "idle").isEmpty() || !lost.isEmpty());
    assertThat(lost).isEmpty();
    assertThat(documents(resumed, "idle")).hasSize(1).allMatch(key -> key.contains("i1"));
    assertThat(documents(resumed, "busy")).isEmpty();
  }

  @Test
  void aReadEndingAtAHighWaterMarkIsStoredRatherThanTheLastEvent() throws Exception {
    SharedChangeStream stream = newStream();
    CollectionStream busy = member("busy", streamingFromNow());
    CollectionStream quiet = member("quiet", streamingFromNow());
    stream.join(busy);
    stream.join(quiet);
    List<SourceRecord> out = new ArrayList<>();
    stream.step(out, 100);
    insert("busy", "b1");
    insert("busy", "b2");
    awaitHeartbeatsDue(quiet);
    // The whole batch in one read: it is drained, and the server reports a mark past b2.
    stepUntil(stream, 100, out, () -> documents(out, "busy").size() >= 2);

    assertThat(quiet.offset().positionCollection()).isNull();
    assertThat(quiet.position().token()).isNotNull();
    assertThat(StreamOrder.comparePositions(quiet.position(), busy.position())).isPositive();
  }
}
