package io.mongoelastic.source;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.mongoelastic.embedded.EmbeddedMongo;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.CollectionOffset.Phase;
import io.mongoelastic.source.offset.CollectionPartition;
import io.mongoelastic.source.stream.HistoryLostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tasks sharing a change stream over collections of one fresh database, and the restarts between
 * them: what the stored-positions tests set up the same way each time, so each case keeps only what
 * it is about. Every read of a stream is a heartbeat's occasion (an interval of 1 ms).
 *
 * <p>A test class holds one per test as a non-static {@code @RegisterExtension} field, built when
 * JUnit creates the test instance (after the static Mongo extension started the server); it closes
 * its tasks after each test.
 */
final class SharedStreamScenario implements AfterEachCallback {
  private final EmbeddedMongo mongo;
  private final MongoClient client;
  private final MongoDatabase db;
  private final MongoSourceConfig config;
  private final SourceTaskMetrics metrics;
  private final List<Task> tasks = new ArrayList<>();
  private final List<HistoryLostException> lost = new ArrayList<>();

  SharedStreamScenario(EmbeddedMongo mongo, MongoClient client) {
    this.mongo = mongo;
    this.client = client;
    this.db = client.getDatabase("positions" + System.nanoTime());
    this.metrics = new SourceTaskMetrics("shared-stream-positions-test-" + System.nanoTime(), 0);
    this.config =
        new MongoSourceConfig(
            Map.of(
                "mongodb.uri",
                mongo.connectionString(),
                "mongodb.database",
                db.getName(),
                "heartbeat.interval.ms",
                "1"));
  }

  MongoSourceConfig config() {
    return config;
  }

  /** The lost history the collections of every task reported. */
  List<HistoryLostException> lost() {
    return lost;
  }

  void insert(String collection, String id) {
    db.getCollection(collection, BsonDocument.class)
        .insertOne(new BsonDocument("_id", new BsonString(id)));
  }

  /** Writes {@code prefix1} to {@code prefixN} into {@code collection}. */
  void insertNumbered(String collection, String prefix, int count) {
    for (int i = 1; i <= count; i++) {
      insert(collection, prefix + i);
    }
  }

  /** Commits one multi-document transaction inserting each of {@code writes}, in order. */
  void commit(Insert... writes) {
    try (ClientSession session = client.startSession()) {
      session.startTransaction();
      for (Insert write : writes) {
        db.getCollection(write.collection(), BsonDocument.class)
            .insertOne(session, new BsonDocument("_id", new BsonString(write.id())));
      }
      session.commitTransaction();
    }
  }

  /** An insert of a document with {@code _id} {@code id} into {@code collection}. */
  record Insert(String collection, String id) {}

  /** The server's cluster time now: a stream started at it sees the writes that follow. */
  BsonTimestamp now() {
    return new BsonTimestamp(mongo.clusterTime());
  }

  /**
   * The first {@code count} change events of the database from {@code from}, as MongoDB sent them.
   */
  List<ChangeStreamDocument<BsonDocument>> eventsFrom(BsonTimestamp from, int count) {
    List<ChangeStreamDocument<BsonDocument>> events = new ArrayList<>();
    try (MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor =
        db.watch(BsonDocument.class).startAtOperationTime(from).cursor()) {
      while (events.size() < count) {
        events.add(cursor.next());
      }
    }
    return events;
  }

  /**
   * A task after a restart whose collections resume from the offsets given (in that order): as a
   * task stored them before, built here to place them where a case needs them. No read yet.
   */
  Task resumingFrom(Map<String, CollectionOffset> offsets) {
    Task task = new Task();
    offsets.forEach(task::join);
    return task;
  }

  /**
   * A streaming collection's offset at {@code token}, the event of {@code eventCollection} (null:
   * the collection's own event).
   */
  static CollectionOffset storedAt(BsonDocument token, String eventCollection) {
    return CollectionOffset.builder(Phase.STREAM)
        .resyncToken("r1")
        .resumeToken(token)
        .positionCollection(eventCollection)
        .build();
  }

  /** A task whose collections stream from now, after its stream's first read. */
  Task streamingFromNow(String... collections) {
    Task task = new Task();
    for (String collection : collections) {
      task.join(
          collection,
          CollectionOffset.builder(Phase.STREAM)
              .resyncToken("r1")
              .startAt(new BsonTimestamp(mongo.clusterTime()))
              .build());
    }
    task.step(100);
    return task;
  }

  /**
   * A task after a restart, owning {@code collections} of {@code before}: each resumes from the
   * offset it stored there. No read yet.
   */
  Task restarted(Task before, String... collections) {
    Task task = new Task();
    for (String collection : collections) {
      task.join(collection, before.member(collection).offset());
    }
    return task;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    tasks.forEach(Task::close);
    metrics.close();
  }

  /** One task's shared stream, its collections and the records it produced. */
  final class Task implements AutoCloseable {
    private final SharedChangeStream stream =
        new SharedChangeStream(client, config, Duration.ofMillis(100), 100, false, metrics);
    private final Map<String, CollectionStream> members = new LinkedHashMap<>();
    private final List<SourceRecord> out = new ArrayList<>();

    private Task() {
      tasks.add(this);
    }

    private void join(String collection, CollectionOffset offset) {
      CollectionStream member =
          new CollectionStream(
              collection,
              config,
              new CollectionPartition(db.getName() + "." + collection).toMap(),
              metrics,
              offset,
              lost::add);
      members.put(collection, member);
      stream.join(member);
    }

    SharedChangeStream stream() {
      return stream;
    }

    CollectionStream member(String collection) {
      return members.get(collection);
    }

    void leave(String collection) {
      stream.leave(members.get(collection));
    }

    /** Every record this task produced so far. */
    List<SourceRecord> records() {
      return out;
    }

    /** The keys of the records produced for {@code collection}'s topic, in order. */
    List<String> documents(String collection) {
      return out.stream()
          .filter(r -> r.topic().equals(config.topicFor(collection)))
          .map(r -> String.valueOf(r.key()))
          .toList();
    }

    /** One read of at most {@code budget} events. */
    void step(int budget) {
      stream.step(out, budget);
    }

    /** Reads until {@code done} holds, however long that takes (the test's @Timeout bounds it). */
    void stepUntil(int budget, BooleanSupplier done) {
      while (!done.getAsBoolean()) {
        step(budget);
      }
    }

    /**
     * Reads one event per read until {@code count} of {@code busy}'s events were handed out, each
     * read once every other member's heartbeat is due: with more events waiting, every read ends at
     * a busy event, none at a high-water mark, and the other members store where it ended.
     */
    void readOneEventPerRead(String busy, int count) throws InterruptedException {
      while (documents(busy).size() < count) {
        for (CollectionStream member : members.values()) {
          if (!member.collection().equals(busy)) {
            awaitHeartbeatDue(member);
          }
        }
        step(1);
      }
    }

    @Override
    public void close() {
      stream.close();
    }
  }

  /** Waits until {@code member} is due a heartbeat, so the next read stores its position. */
  static void awaitHeartbeatDue(CollectionStream member) throws InterruptedException {
    while (member.heartbeatDueAtMillis() > System.currentTimeMillis()) {
      Thread.sleep(1);
    }
  }
}
