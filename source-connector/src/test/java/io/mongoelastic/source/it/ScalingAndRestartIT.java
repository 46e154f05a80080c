package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several tasks, and a worker that goes away in the middle of a snapshot. */
class ScalingAndRestartIT {
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack = ConnectStack.builder("source-scaling").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static void fill(MongoCollection<Document> coll, int from, int count) {
    List<Document> batch = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      batch.add(new Document("_id", i).append("payload", "x".repeat(50)));
      if (batch.size() == 1000) {
        coll.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      coll.insertMany(batch);
    }
  }

  private static Set<String> dataKeys(List<Rec> records) {
    return records.stream().filter(Rec::isData).map(Rec::key).collect(Collectors.toSet());
  }

  private static Object attribute(String connector, int task, String name) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    return server.getAttribute(
        new ObjectName(
            "io.mongoelastic:type=source-task,connector="
                + ObjectName.quote(connector)
                + ",task="
                + task),
        name);
  }

  @Test
  void twoTasksSplitTheSnapshotAndDeliverEverythingWithMarkersOnEveryPartition() throws Exception {
    String database = "scale" + System.nanoTime();
    MongoCollection<Document> big =
        SharedServices.mongo().client().getDatabase(database).getCollection("big");
    MongoCollection<Document> small =
        SharedServices.mongo().client().getDatabase(database).getCollection("small");
    fill(big, 0, 4000);
    fill(small, 0, 10);
    String name = "scale-conn";
    Map<String, String> config = SourceItConfigs.connector(stack, database, "big,small");
    config.put("tasks.max", "2");
    config.put("snapshot.chunk.size", "200");
    config.put("topic.creation.default.partitions", "3");
    config.put("topic.creation.default.replication.factor", "1");
    stack.cluster().configureConnector(name, config);
    stack.cluster().assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 2, "tasks");
    try (TopicTail bigTail = new TopicTail(stack.kafka(), "mongodb." + database + ".big", false);
        TopicTail smallTail =
            new TopicTail(stack.kafka(), "mongodb." + database + ".small", false)) {
      List<Rec> bigSeen =
          bigTail.awaitUntil(
              r -> r.stream().filter(x -> "snapshot_end".equals(x.control())).count() == 3);
      smallTail.awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_end".equals(x.control())));
      assertThat(dataKeys(bigSeen)).hasSize(4000);
      assertThat(dataKeys(smallTail.poll())).hasSize(10);
      assertThat(
              bigSeen.stream()
                  .filter(r -> "snapshot_start".equals(r.control()))
                  .map(Rec::partition)
                  .collect(Collectors.toSet()))
          .containsExactlyInAnyOrder(0, 1, 2);
      // Both tasks read part of the big collection.
      long task0 = (Long) attribute(name, 0, "SnapshotDocumentsDone");
      long task1 = (Long) attribute(name, 1, "SnapshotDocumentsDone");
      assertThat(task0).isPositive();
      assertThat(task1).isPositive();
      assertThat(task0 + task1).isGreaterThanOrEqualTo(4010);

      // Streaming continues on both collections after the snapshot.
      big.insertOne(new Document("_id", 99_999));
      small.insertOne(new Document("_id", 99_999));
      bigTail.awaitUntil(r -> dataKeys(r).contains("99999"));
      smallTail.awaitUntil(r -> dataKeys(r).contains("99999"));
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> "streaming".equals(attribute(name, 0, "Phase")));
      assertThat((Long) attribute(name, 0, "RecordsProduced")).isPositive();
      assertThat((Long) attribute(name, 0, "Errors")).isZero();
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void workerLostMidSnapshotResumesAfterTheLastCommittedIdWithoutMissingADocument()
      throws Exception {
    String database = "restart" + System.nanoTime();
    MongoCollection<Document> coll =
        SharedServices.mongo().client().getDatabase(database).getCollection("c");
    int total = 8000;
    fill(coll, 0, total);
    String name = "restart-conn";
    Map<String, String> config = SourceItConfigs.connector(stack, database, "c");
    config.put("snapshot.chunk.size", "100");
    config.put("poll.max.records", "100");
    stack.cluster().configureConnector(name, config);
    try (TopicTail tail = new TopicTail(stack.kafka(), "mongodb." + database + ".c", false)) {
      List<Rec> before = tail.awaitUntil(r -> dataKeys(r).size() >= 500);
      stack.cluster().removeWorker();
      int seenAtLoss = dataKeys(tail.poll()).size();
      assertThat(seenAtLoss).isLessThan(total);
      stack.cluster().addWorker();
      List<Rec> all =
          tail.awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_end".equals(x.control())));
      assertThat(dataKeys(all)).hasSize(total);
      Map<String, Integer> counts = new HashMap<>();
      all.stream().filter(Rec::isData).forEach(r -> counts.merge(r.key(), 1, Integer::sum));
      long duplicated = counts.values().stream().filter(c -> c > 1).count();
      // Restarting from zero would repeat every document sent before the loss.
      assertThat(duplicated).isLessThan(seenAtLoss);
      assertThat(before).isNotEmpty();
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }
}
