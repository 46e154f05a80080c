package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stored stream position falls out of the oplog while the connector is stopped (the embedded
 * server trims its oplog on demand; against a real replica set these tests are skipped).
 */
class HistoryLostIT {
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        SharedServices.mongo().isEmbedded(), "needs the embedded server's oplog trimming");
    stack = ConnectStack.builder("source-history").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static String awaitFailedTrace(String name) {
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              ConnectorStateInfo status = stack.cluster().connectorStatus(name);
              return !status.tasks().isEmpty() && "FAILED".equals(status.tasks().get(0).state());
            });
    return stack.cluster().connectorStatus(name).tasks().get(0).trace();
  }

  /** Snapshot, stream one event, stop, write while stopped, lose the history, resume. */
  private String loseHistory(String database, String name, String policy)
      throws InterruptedException {
    Map<String, String> config = SourceItConfigs.connector(stack, database, "c");
    config.put("stream.on.history.lost", policy);
    return loseHistory(database, name, config, () -> {});
  }

  private String loseHistory(
      String database, String name, Map<String, String> config, Runnable beforeResume)
      throws InterruptedException {
    MongoCollection<Document> coll =
        SharedServices.mongo().client().getDatabase(database).getCollection("c");
    coll.insertOne(new Document("_id", 1));
    stack.cluster().configureConnector(name, config);
    try (TopicTail tail = new TopicTail(stack.kafka(), "mongodb." + database + ".c", false)) {
      tail.awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_end".equals(x.control())));
      coll.insertOne(new Document("_id", 2));
      tail.awaitUntil(r -> r.stream().anyMatch(x -> "2".equals(x.key())));
    }
    stack.cluster().stopConnector(name);
    stack.cluster().assertions().assertConnectorIsStopped(name, "not stopped");
    coll.insertOne(new Document("_id", 3));
    coll.deleteOne(new Document("_id", 1));
    SharedServices.mongo().embedded().trimOplog();
    beforeResume.run();
    stack.cluster().resumeConnector(name);
    return "mongodb." + database + ".c";
  }

  @Test
  void resnapshotsTheCollectionWhenHistoryIsLost() throws Exception {
    String name = "lost-resnapshot";
    String topic = loseHistory("lostresnap" + System.nanoTime(), name, "resnapshot");
    try (TopicTail tail = new TopicTail(stack.kafka(), topic, false)) {
      List<Rec> seen =
          tail.awaitUntil(
              r -> r.stream().filter(x -> "snapshot_end".equals(x.control())).count() == 2);
      String first =
          seen.stream()
              .filter(x -> "snapshot_start".equals(x.control()))
              .findFirst()
              .orElseThrow()
              .snapshotId();
      List<Rec> second =
          seen.stream()
              .dropWhile(
                  x -> !("snapshot_start".equals(x.control()) && !first.equals(x.snapshotId())))
              .toList();
      assertThat(second).isNotEmpty();
      assertThat(seen.stream().filter(Rec::isControl).filter(x -> first.equals(x.snapshotId())))
          .extracting(Rec::reason)
          .containsOnly("initial");
      assertThat(second.stream().filter(Rec::isControl))
          .extracting(Rec::reason, Rec::partitionCount)
          .containsOnly(org.assertj.core.groups.Tuple.tuple("history_lost", 1));
      // The new snapshot holds the write made while the history was lost, not the deleted doc.
      assertThat(second.stream().filter(Rec::isData).map(Rec::key))
          .containsExactlyInAnyOrder("2", "3");
      assertThat(stack.cluster().connectorStatus(name).tasks().get(0).state()).isEqualTo("RUNNING");
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void failsNamingTheSettingWhenConfiguredToFail() throws Exception {
    String name = "lost-fail";
    loseHistory("lostfail" + System.nanoTime(), name, "fail");
    try {
      assertThat(awaitFailedTrace(name)).contains("stream.on.history.lost");
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void failsSayingTheOplogIsTooShortWhenTheResnapshotLosesItsStartPointToo() throws Exception {
    String name = "lost-loop";
    String database = "lostloop" + System.nanoTime();
    MongoCollection<Document> coll =
        SharedServices.mongo().client().getDatabase(database).getCollection("c");
    List<Document> docs = new ArrayList<>();
    for (int i = 100; i < 300; i++) {
      docs.add(new Document("_id", i));
    }
    coll.insertMany(docs);
    try (ConnectorFaults faults = ConnectorFaults.open()) {
      Map<String, String> config = SourceItConfigs.connector(stack, database, "c");
      config.put("stream.on.history.lost", "resnapshot");
      config.put("mongodb.uri", faults.connectionString());
      config.put("snapshot.fetch.size", "20");
      // The re-snapshot for the lost history reads slowly (every query and getMore waits 200 ms),
      // so its own start point can fall out of the oplog before its stream starts.
      String topic =
          loseHistory(
              database,
              name,
              config,
              () ->
                  faults.failCommand(
                      "alwaysOn",
                      new Document("failCommands", List.of("find", "getMore"))
                          .append("blockConnection", true)
                          .append("blockTimeMS", 200)));
      try (TopicTail tail = new TopicTail(stack.kafka(), topic, false)) {
        tail.awaitUntil(
            r ->
                r.stream()
                    .anyMatch(
                        x ->
                            "snapshot_start".equals(x.control())
                                && "history_lost".equals(x.reason())));
      }
      coll.insertOne(new Document("_id", 4));
      SharedServices.mongo().embedded().trimOplog();
      faults.off();
      assertThat(awaitFailedTrace(name))
          .contains("oplog window is shorter than a snapshot of " + database + ".c")
          .contains("replSetResizeOplog")
          .contains("snapshot.resync.request");
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }
}
