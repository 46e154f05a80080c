package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.RenameCollectionOptions;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A collection replaced under its name sends its change stream no event (MongoDB): the connector
 * notices the new collection UUID and snapshots it again with reason {@code collection_replaced},
 * so the topic's last snapshot holds exactly the new collection's documents (a resyncing sink swaps
 * its index to that snapshot, which drops the old documents). A collection dropped and re-created
 * while its snapshot is read abandons that snapshot for a {@code collection_replaced} one; one
 * renamed away ends it where the collection ended.
 */
class CollectionReplacedIT {
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack = ConnectStack.builder("source-replaced").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static List<Document> docs(String prefix, int count) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      docs.add(new Document("_id", prefix + i).append("n", i));
    }
    return docs;
  }

  private static Set<String> keys(String prefix, int count) {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < count; i++) {
      keys.add(prefix + i);
    }
    return keys;
  }

  private static long ends(List<Rec> records) {
    return records.stream().filter(x -> "snapshot_end".equals(x.control())).count();
  }

  /** The records from the last snapshot_start to the last snapshot_end (one partition). */
  private static List<Rec> lastSnapshot(List<Rec> records) {
    int start = -1;
    int end = -1;
    for (int i = 0; i < records.size(); i++) {
      if ("snapshot_start".equals(records.get(i).control())) {
        start = i;
      } else if ("snapshot_end".equals(records.get(i).control())) {
        end = i;
      }
    }
    assertThat(start).isNotNegative().isLessThan(end);
    return records.subList(start, end + 1);
  }

  private static Set<String> dataKeys(List<Rec> records) {
    return records.stream().filter(Rec::isData).map(Rec::key).collect(Collectors.toSet());
  }

  private void assertReplacedBy(List<Rec> seen, Set<String> expected) {
    List<Rec> second = lastSnapshot(seen);
    assertThat(second.stream().filter(Rec::isControl).map(Rec::reason))
        .isNotEmpty()
        .containsOnly("collection_replaced");
    assertThat(dataKeys(second.stream().filter(r -> "snapshot".equals(r.operation())).toList()))
        .isEqualTo(expected);
  }

  /** A database with a fresh name from {@code prefix} whose collection c holds old0 to old4. */
  private static MongoDatabase withOldDocuments(String prefix) {
    MongoDatabase db = SharedServices.mongo().client().getDatabase(prefix + System.nanoTime());
    db.getCollection("c").insertMany(docs("old", 5));
    return db;
  }

  /** Reads the topic of {@code database.c} from its start. */
  private static TopicTail tail(String database) {
    return new TopicTail(stack.kafka(), "mongodb." + database + ".c", false);
  }

  /** Starts connector {@code name} on {@code db.c} and waits for its snapshot of old0 to old4. */
  private static void startAndAwaitTheOldSnapshot(String name, MongoDatabase db, TopicTail tail) {
    stack.cluster().configureConnector(name, SourceItConfigs.connector(stack, db.getName(), "c"));
    tail.awaitUntil(r -> ends(r) == 1 && dataKeys(r).containsAll(keys("old", 5)));
  }

  /**
   * Inserts {@code id} into {@code coll} and asserts it streams with no snapshot after the {@code
   * snapshots} that ended, every task of connector {@code name} running.
   */
  private static void assertStreamingGoesOn(
      MongoCollection<Document> coll, String id, long snapshots, String name, TopicTail tail) {
    coll.insertOne(new Document("_id", id));
    List<Rec> seen = tail.awaitUntil(r -> dataKeys(r).contains(id));
    assertThat(ends(seen)).isEqualTo(snapshots);
    assertThat(stack.cluster().connectorStatus(name).tasks())
        .isNotEmpty()
        .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
  }

  @Test
  void resnapshotsACollectionDroppedAndRecreatedWhileStopped() throws Exception {
    MongoDatabase db = withOldDocuments("replaced");
    MongoCollection<Document> coll = db.getCollection("c");
    String name = "replaced-stopped";
    try (TopicTail tail = tail(db.getName())) {
      startAndAwaitTheOldSnapshot(name, db, tail);
      coll.insertOne(new Document("_id", "old-streamed"));
      tail.awaitUntil(r -> dataKeys(r).contains("old-streamed"));

      stack.cluster().stopConnector(name);
      stack.cluster().assertions().assertConnectorIsStopped(name, "not stopped");
      coll.drop();
      coll.insertMany(docs("new", 4));
      stack.cluster().resumeConnector(name);

      List<Rec> seen = tail.awaitUntil(r -> ends(r) == 2);
      assertReplacedBy(seen, keys("new", 4));
      // Streaming goes on in the new collection.
      assertStreamingGoesOn(coll, "new-streamed", 2, name, tail);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void resnapshotsACollectionReplacedByARenameWithDropTargetWhileRunning() throws Exception {
    MongoDatabase db = withOldDocuments("renamed");
    String name = "replaced-renamed";
    try (TopicTail tail = tail(db.getName())) {
      startAndAwaitTheOldSnapshot(name, db, tail);
      db.getCollection("staging").insertMany(docs("staged", 6));
      db.getCollection("staging")
          .renameCollection(
              new MongoNamespace(db.getName(), "c"),
              new RenameCollectionOptions().dropTarget(true));

      List<Rec> seen = tail.awaitUntil(r -> ends(r) == 2);
      assertReplacedBy(seen, keys("staged", 6));
      assertStreamingGoesOn(db.getCollection("c"), "after-rename", 2, name, tail);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void resnapshotsACollectionOverwrittenByOutWhileRunning() throws Exception {
    MongoDatabase db = withOldDocuments("outreplaced");
    String name = "replaced-out";
    try (TopicTail tail = tail(db.getName())) {
      startAndAwaitTheOldSnapshot(name, db, tail);
      db.getCollection("source").insertMany(docs("out", 7));
      db.getCollection("source").aggregate(List.of(Aggregates.out("c"))).toCollection();

      List<Rec> seen = tail.awaitUntil(r -> ends(r) == 2);
      assertReplacedBy(seen, keys("out", 7));
      assertStreamingGoesOn(db.getCollection("c"), "after-out", 2, name, tail);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  /** The index of the first snapshot_start with {@code reason}. */
  private static int startOf(List<Rec> records, String reason) {
    for (int i = 0; i < records.size(); i++) {
      if ("snapshot_start".equals(records.get(i).control())
          && reason.equals(records.get(i).reason())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Starts a two-task connector on {@code database.c} whose snapshot queries each wait 3 s on the
   * server, and returns once its snapshot started: what the test does next happens while the
   * ranges' first queries are in flight or before they are sent, every run. Each range stream has a
   * $match on documentKey._id.
   */
  private static void startWithSlowSnapshotQueries(
      ConnectorFaults faults, String name, String database, TopicTail tail) {
    Map<String, String> config = SourceItConfigs.connector(stack, database, "c");
    config.put("tasks.max", "2");
    config.put("snapshot.fetch.size", "20");
    config.put("mongodb.uri", faults.connectionString());
    faults.failCommand(
        "alwaysOn",
        new Document("failCommands", List.of("find"))
            .append("blockConnection", true)
            .append("blockTimeMS", 3_000));
    stack.cluster().configureConnector(name, config);
    tail.awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_start".equals(x.control())));
  }

  @Test
  void abandonsASnapshotWhoseCollectionIsDroppedAndRecreatedWhileItIsRead() throws Exception {
    String database = "replacedduring" + System.nanoTime();
    MongoCollection<Document> coll =
        SharedServices.mongo().client().getDatabase(database).getCollection("c");
    coll.insertMany(docs("old", 400));
    String name = "replaced-during-snapshot";
    try (ConnectorFaults faults = ConnectorFaults.open()) {
      try (TopicTail tail = tail(database)) {
        startWithSlowSnapshotQueries(faults, name, database, tail);
        coll.drop();
        coll.insertMany(docs("new", 30));
        faults.off();

        List<Rec> seen = tail.awaitUntil(r -> ends(r) == 1);
        // The first snapshot never ended: it would have held documents of both collections.
        assertReplacedBy(seen, keys("new", 30));
        int replaced = startOf(seen, "collection_replaced");
        assertThat(seen.subList(0, replaced).stream().filter(Rec::isControl).map(Rec::control))
            .containsOnly("snapshot_start");
        assertThat(dataKeys(seen.subList(0, replaced)))
            .as("nothing of the re-created collection in the abandoned snapshot")
            .noneMatch(key -> key.startsWith("new"));
        assertStreamingGoesOn(coll, "new-streamed", 1, name, tail);
      }
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void endsASnapshotWhoseCollectionIsRenamedAwayWhileItIsReadAndFollowsTheName() throws Exception {
    String database = "renamedduring" + System.nanoTime();
    MongoDatabase db = SharedServices.mongo().client().getDatabase(database);
    db.getCollection("c").insertMany(docs("old", 400));
    String name = "renamed-during-snapshot";
    try (ConnectorFaults faults = ConnectorFaults.open()) {
      try (TopicTail tail = tail(database)) {
        startWithSlowSnapshotQueries(faults, name, database, tail);
        db.getCollection("c").renameCollection(new MongoNamespace(database, "moved"));
        faults.off();

        // The snapshot ends where the collection did: what was sent stays, as when streaming.
        List<Rec> seen = tail.awaitUntil(r -> ends(r) == 1);
        assertThat(seen.stream().filter(Rec::isControl).map(Rec::reason)).containsOnly("initial");
        // The collection's stream follows the name; a collection created under it is a new one.
        db.getCollection("c").insertOne(new Document("_id", "again"));
        seen = tail.awaitUntil(r -> ends(r) == 2);
        assertReplacedBy(seen, Set.of("again"));
        assertThat(stack.cluster().connectorStatus(name).tasks())
            .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
      }
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }
}
