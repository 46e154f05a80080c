package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KIP-618: on a worker with exactly-once source support, restarting the task mid-snapshot and
 * mid-stream leaves a read_committed consumer with every document exactly once.
 */
class ExactlyOnceIT {
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack =
        ConnectStack.builder("source-eos")
            .workerProperty("exactly.once.source.support", "enabled")
            // One broker: the transaction log must fit on it.
            .brokerProperty("transaction.state.log.replication.factor", "1")
            .brokerProperty("transaction.state.log.min.isr", "1")
            .start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void restartsMidSnapshotAndMidStreamWithoutDuplicatesOrGaps() {
    String database = "eos" + System.nanoTime();
    MongoCollection<Document> coll =
        SharedServices.mongo().client().getDatabase(database).getCollection("c");
    int snapshotDocs = 6000;
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < snapshotDocs; i++) {
      batch.add(new Document("_id", i).append("p", "x".repeat(40)));
    }
    coll.insertMany(batch);
    String name = "eos-conn";
    Map<String, String> config = SourceItConfigs.connector(stack, database, "c");
    config.put("exactly.once.support", "required");
    config.put("snapshot.chunk.size", "100");
    config.put("poll.max.records", "100");
    stack.cluster().configureConnector(name, config);
    String topic = "mongodb." + database + ".c";
    try (TopicTail tail = new TopicTail(stack.kafka(), topic, true)) {
      tail.awaitUntil(r -> r.stream().filter(Rec::isData).count() >= 1000);
      stack.cluster().restartTask(name, 0);
      tail.awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_end".equals(x.control())));

      int streamDocs = 400;
      for (int i = 0; i < streamDocs / 2; i++) {
        coll.insertOne(new Document("_id", 100_000 + i));
      }
      tail.awaitUntil(r -> r.stream().filter(Rec::isData).count() >= snapshotDocs + 50);
      stack.cluster().restartTask(name, 0);
      for (int i = streamDocs / 2; i < streamDocs; i++) {
        coll.insertOne(new Document("_id", 100_000 + i));
      }
      List<Rec> all =
          tail.awaitUntil(
              r ->
                  r.stream().filter(Rec::isData).map(Rec::key).distinct().count()
                      == snapshotDocs + streamDocs);
      Map<String, Long> counts =
          all.stream()
              .filter(Rec::isData)
              .collect(Collectors.groupingBy(Rec::key, HashMap::new, Collectors.counting()));
      assertThat(counts).hasSize(snapshotDocs + streamDocs);
      assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
          .as("duplicated keys")
          .isEmpty();
      assertThat(all.stream().filter(r -> "snapshot_start".equals(r.control()))).hasSize(1);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }
}
