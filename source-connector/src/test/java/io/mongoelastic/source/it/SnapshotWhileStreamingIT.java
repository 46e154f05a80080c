package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Changes stream while a snapshot is read (issue #17): a snapshot slowed down by a fail point on
 * the connector's reads, documents of the chunk being read changed and deleted meanwhile, an oplog
 * window much shorter than the snapshot, a connector stopped in the middle of a chunk. After each,
 * the last record of every key is MongoDB's document (or a delete).
 */
class SnapshotWhileStreamingIT {
  private static final int DOCUMENTS = 400;
  private static ConnectStack stack;
  private static final AtomicInteger SEQ = new AtomicInteger();

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack = ConnectStack.builder("source-interleaved").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static String unique(String base) {
    return base + SEQ.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  private static MongoCollection<Document> fill(String database) {
    MongoCollection<Document> coll =
        SharedServices.mongo().client().getDatabase(database).getCollection("c");
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      docs.add(new Document("_id", i).append("v", 0));
    }
    coll.insertMany(docs);
    return coll;
  }

  /**
   * A connector reading {@code fetchSize} documents per round trip, every read held up by the fail
   * point.
   */
  private static Map<String, String> slowSnapshot(
      ConnectorFaults faults, String database, int tasks, int fetchSize) {
    Map<String, String> config = SourceItConfigs.connector(stack, database, "c");
    config.put("mongodb.uri", faults.connectionString());
    config.put("tasks.max", String.valueOf(tasks));
    config.put("snapshot.fetch.size", String.valueOf(fetchSize));
    config.put("topic.creation.default.partitions", "3");
    config.put("topic.creation.default.replication.factor", "1");
    faults.failCommand(
        "alwaysOn",
        new Document("failCommands", List.of("find", "getMore"))
            .append("blockConnection", true)
            .append("blockTimeMS", 250));
    return config;
  }

  private static String topic(String database) {
    return "mongodb." + database + ".c";
  }

  private static long ends(List<Rec> records) {
    return records.stream().filter(r -> "snapshot_end".equals(r.control())).count();
  }

  /** Updates and deletes across the whole collection, while the snapshot is being read. */
  private static void change(MongoCollection<Document> coll, int round) {
    for (int id = round; id < DOCUMENTS; id += 37) {
      coll.updateOne(Filters.eq("_id", id), Updates.set("v", round + 1));
    }
    coll.deleteOne(Filters.eq("_id", DOCUMENTS - 1 - round * 3));
    coll.insertOne(new Document("_id", 10_000 + round).append("v", round + 1));
  }

  /**
   * Waits for a record of {@code writtenLast}, the key of the test's last write, then until the
   * last record of every key equals MongoDB, and asserts it (with the records of a differing key in
   * the message). Seeing the key written last says nothing of other partitions: the consumer reads
   * partitions in no fixed order, so an earlier write of another key may still be on its way.
   */
  private static void awaitLastRecordOfEveryKeyIsMongoDbs(
      TopicTail tail, MongoCollection<Document> coll, String writtenLast) {
    tail.awaitUntil(r -> r.stream().anyMatch(x -> writtenLast.equals(x.key())));
    List<Rec> seen;
    try {
      seen = tail.awaitUntil(r -> lastRecordsMatch(r, coll));
    } catch (ConditionTimeoutException e) {
      seen = tail.poll();
    }
    assertLastRecordOfEveryKeyIsMongoDbs(seen, coll);
  }

  private static boolean lastRecordsMatch(List<Rec> seen, MongoCollection<Document> coll) {
    try {
      assertLastRecordOfEveryKeyIsMongoDbs(seen, coll);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** The last record of every key equals MongoDB: the document's v, or a delete. */
  private static void assertLastRecordOfEveryKeyIsMongoDbs(
      List<Rec> seen, MongoCollection<Document> coll) {
    Map<String, Rec> last = new HashMap<>();
    seen.stream().filter(Rec::isData).forEach(r -> last.put(r.key(), r));
    Map<String, Integer> mongo = new HashMap<>();
    coll.find().forEach(d -> mongo.put(String.valueOf(d.getInteger("_id")), d.getInteger("v")));
    for (Map.Entry<String, Integer> entry : mongo.entrySet()) {
      Rec rec = last.get(entry.getKey());
      assertThat(rec).as("a record of %s", entry.getKey()).isNotNull();
      JsonNode value = rec.value();
      assertThat(value).as("last record of %s is no delete", entry.getKey()).isNotNull();
      assertThat(value.get("v").asInt())
          .as("v of %s; its records: %s", entry.getKey(), history(seen, entry.getKey()))
          .isEqualTo(entry.getValue());
    }
    for (Map.Entry<String, Rec> entry : last.entrySet()) {
      if (!mongo.containsKey(entry.getKey())) {
        assertThat(entry.getValue().operation())
            .as("deleted %s", entry.getKey())
            .isEqualTo("delete");
      }
    }
  }

  /** Operation, v and version of every record of a key, in order: what a failure shows. */
  private static List<String> history(List<Rec> seen, String key) {
    return seen.stream()
        .filter(r -> key.equals(r.key()))
        .map(
            r ->
                r.operation()
                    + (r.value() == null ? "" : " v=" + r.value().get("v"))
                    + " @"
                    + r.version())
        .toList();
  }

  /**
   * Waits for the snapshot's end on all three partitions, changes the collection once more (round
   * 3, inserting 10003 last) and waits until the last record of every key is MongoDB's.
   */
  private static void awaitTheSnapshotsEndThenChangeOnceMore(
      TopicTail tail, MongoCollection<Document> coll) {
    tail.awaitUntil(r -> ends(r) == 3);
    change(coll, 3);
    awaitLastRecordOfEveryKeyIsMongoDbs(tail, coll, "10003");
  }

  private static boolean snapshotRowArrived(List<Rec> records) {
    return records.stream().anyMatch(r -> "snapshot".equals(r.operation()));
  }

  private static boolean changeArrived(List<Rec> records) {
    return records.stream()
        .anyMatch(r -> r.isData() && !"snapshot".equals(r.operation()) && r.value() != null);
  }

  @ParameterizedTest(name = "{0} task(s)")
  @ValueSource(ints = {1, 2, 4})
  void changesDuringASlowSnapshotArriveBeforeItEndsAndTheLastRecordOfEveryKeyIsMongoDbs(int tasks)
      throws Exception {
    String database = unique("interleave");
    MongoCollection<Document> coll = fill(database);
    String name = unique("interleave-");
    try (ConnectorFaults faults = ConnectorFaults.open();
        TopicTail tail = new TopicTail(stack.kafka(), topic(database), false)) {
      stack.cluster().configureConnector(name, slowSnapshot(faults, database, tasks, 10));
      tail.awaitUntil(SnapshotWhileStreamingIT::snapshotRowArrived);
      change(coll, 0);
      change(coll, 1);
      List<Rec> early = tail.awaitUntil(SnapshotWhileStreamingIT::changeArrived);
      assertThat(ends(early)).as("snapshot_end markers when the first change arrived").isZero();
      change(coll, 2);
      faults.off();
      awaitTheSnapshotsEndThenChangeOnceMore(tail, coll);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void aSnapshotSeveralTimesLongerThanTheOplogWindowCompletes() throws Exception {
    String database = unique("window");
    MongoCollection<Document> coll = fill(database);
    String name = unique("window-");
    ScheduledExecutorService trimmer = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger trims = new AtomicInteger();
    long started = System.currentTimeMillis();
    try (ConnectorFaults faults = ConnectorFaults.open();
        TopicTail tail = new TopicTail(stack.kafka(), topic(database), false)) {
      // Half the documents per read: chunk reads overlap the streams' reads, and at 10 the copy
      // can end within a few windows of the trimmer.
      stack.cluster().configureConnector(name, slowSnapshot(faults, database, 2, 5));
      tail.awaitUntil(SnapshotWhileStreamingIT::snapshotRowArrived);
      // An oplog that keeps 3 seconds of history, while writes go on.
      AtomicInteger round = new AtomicInteger();
      trimmer.scheduleWithFixedDelay(
          () -> {
            change(coll, round.incrementAndGet() % 50);
            BsonTimestamp now = clusterTime();
            SharedServices.mongo()
                .embedded()
                .trimOplogBefore(new BsonTimestamp(now.getTime() - 3, 0).getValue());
            trims.incrementAndGet();
          },
          0,
          500,
          TimeUnit.MILLISECONDS);
      List<Rec> seen = tail.awaitUntil(r -> ends(r) == 3);
      long took = System.currentTimeMillis() - started;
      trimmer.shutdown();
      trimmer.awaitTermination(10, TimeUnit.SECONDS);
      assertThat(took).as("the snapshot took several oplog windows").isGreaterThan(9_000);
      assertThat(seen.stream().filter(Rec::isControl))
          .as("one snapshot, never re-snapshotted for lost history")
          .allMatch(r -> "initial".equals(r.reason()));
      assertThat(trims.get()).isGreaterThan(20);
      faults.off();
      coll.insertOne(new Document("_id", 20_000).append("v", 1));
      awaitLastRecordOfEveryKeyIsMongoDbs(tail, coll, "20000");
      assertThat(stack.cluster().connectorStatus(name).tasks())
          .allMatch(t -> "RUNNING".equals(t.state()));
    } finally {
      trimmer.shutdownNow();
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void aConnectorStoppedInTheMiddleOfAChunkResumesWithoutLosingAChange() throws Exception {
    String database = unique("stopped");
    MongoCollection<Document> coll = fill(database);
    String name = unique("stopped-");
    try (ConnectorFaults faults = ConnectorFaults.open();
        TopicTail tail = new TopicTail(stack.kafka(), topic(database), false)) {
      stack.cluster().configureConnector(name, slowSnapshot(faults, database, 2, 10));
      tail.awaitUntil(r -> r.stream().filter(x -> "snapshot".equals(x.operation())).count() >= 30);
      change(coll, 0);
      tail.awaitUntil(SnapshotWhileStreamingIT::changeArrived);
      change(coll, 1);
      stack.cluster().stopConnector(name);
      stack.cluster().assertions().assertConnectorIsStopped(name, "not stopped");
      assertThat(ends(tail.poll())).isZero();
      change(coll, 2);
      faults.off();
      stack.cluster().resumeConnector(name);
      awaitTheSnapshotsEndThenChangeOnceMore(tail, coll);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  /**
   * A writer inserting while the slowed snapshot reads (ids above every existing one, as ObjectIds
   * would be), more documents than the collection held before the snapshot ends: the snapshot still
   * ends, having read only what existed at its start, and every inserted document reaches Kafka
   * through the stream.
   */
  @Test
  void aSnapshotEndsWhileAWriterKeepsInsertingFasterThanItReads() throws Exception {
    String database = unique("growing");
    MongoCollection<Document> coll = fill(database);
    String name = unique("growing-");
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger inserted = new AtomicInteger();
    List<Throwable> writerErrors = new CopyOnWriteArrayList<>();
    try (ConnectorFaults faults = ConnectorFaults.open();
        TopicTail tail = new TopicTail(stack.kafka(), topic(database), false)) {
      // 3 documents per 250-ms round trip and range: 400 documents take at least 16 s, ample time
      // for the pause below to land before the snapshot could end, even on a loaded machine.
      stack.cluster().configureConnector(name, slowSnapshot(faults, database, 2, 3));
      // Once rows flow the snapshot is planned: every insert from now on is above its bound.
      tail.awaitUntil(SnapshotWhileStreamingIT::snapshotRowArrived);
      // Held while the writer inserts more than the collection held, so the snapshot cannot end
      // first however slow the writer.
      int tasks = stack.cluster().connectorStatus(name).tasks().size();
      stack.cluster().pauseConnector(name);
      stack
          .cluster()
          .assertions()
          .assertConnectorAndExactlyNumTasksArePaused(name, tasks, "connector not paused");
      assertThat(ends(tail.poll())).as("snapshot_end markers when paused").isZero();
      writer.scheduleWithFixedDelay(
          () -> {
            try {
              coll.insertOne(new Document("_id", 100_000 + inserted.get()).append("v", 1));
              inserted.incrementAndGet();
            } catch (RuntimeException e) {
              // Thrown out, it would end the schedule silently.
              writerErrors.add(e);
            }
          },
          0,
          10,
          TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofMinutes(2)).until(() -> inserted.get() > DOCUMENTS);
      // Read on while the writer keeps inserting.
      stack.cluster().resumeConnector(name);
      List<Rec> seen = tail.awaitUntil(r -> ends(r) == 3);
      writer.shutdown();
      assertThat(writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(writerErrors).as("writer errors").isEmpty();
      assertThat(seen.stream().filter(r -> "snapshot".equals(r.operation())))
          .as("snapshot rows: only documents that existed at its start")
          .allMatch(r -> Integer.parseInt(r.key()) < DOCUMENTS);
      faults.off();
      coll.insertOne(new Document("_id", 200_000).append("v", 1));
      awaitLastRecordOfEveryKeyIsMongoDbs(tail, coll, "200000");
    } finally {
      writer.shutdownNow();
      stack.cluster().deleteConnector(name);
    }
  }

  private static BsonTimestamp clusterTime() {
    try (ClientSession session = SharedServices.mongo().client().startSession()) {
      SharedServices.mongo()
          .client()
          .getDatabase("admin")
          .runCommand(session, new Document("ping", 1));
      return session.getOperationTime();
    }
  }
}
