package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A snapshot paced by a consumer group's lag (snapshot.pace.*): the test plays the sink and commits
 * the group's offsets by hand. While it commits nothing the topic holds about the maximum lag and
 * changes still arrive; once it commits, the snapshot completes and every key's last record is
 * MongoDB's document.
 */
class SnapshotPacingIT {
  private static final int DOCUMENTS = 20_000;
  private static final int MAX_LAG = 2_000;
  private static final int FETCH = 200;
  private static ConnectStack stack;
  private static Admin admin;

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack = ConnectStack.builder("source-pacing").start();
    admin = stack.kafka().createAdminClient();
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void snapshotWaitsForTheGroupWhileChangesFlowAndCompletesOnceItCommits() throws Exception {
    String database = "pacing" + Long.toHexString(System.nanoTime() & 0xffffff);
    String topic = "mongodb." + database + ".c";
    String group = "pace-" + database;
    String connector = "pacing-" + database;
    MongoCollection<Document> coll = fill(database);
    Map<String, String> config = SourceItConfigs.connector(stack, database, "c");
    config.put("snapshot.fetch.size", String.valueOf(FETCH));
    config.put("snapshot.pace.consumer.group", group);
    config.put("snapshot.pace.max.lag.records", String.valueOf(MAX_LAG));
    config.put("topic.creation.default.partitions", "1");
    config.put("topic.creation.default.replication.factor", "1");
    TopicPartition tp = new TopicPartition(topic, 0);
    try (TopicTail tail = new TopicTail(stack.kafka(), topic, false)) {
      stack.cluster().configureConnector(connector, config);

      // The group has no offsets (its sink has not started): the whole topic is its lag. Records
      // sent since the last reading count at once, some of them twice (conservative), so the gate
      // may close somewhat below the maximum, never far above it.
      long held = awaitStableEnd(tp);
      assertThat(held)
          .as("records in the topic while nobody commits")
          .isGreaterThan(MAX_LAG / 2)
          .isLessThanOrEqualTo(MAX_LAG + 3L * FETCH);
      assertThat(held).as("the snapshot is held, not done").isLessThan(DOCUMENTS / 2);

      coll.updateOne(Filters.eq("_id", DOCUMENTS - 1), Updates.set("v", 1));
      tail.awaitUntil(
          records ->
              records.stream()
                  .anyMatch(r -> String.valueOf(DOCUMENTS - 1).equals(r.key()) && isChange(r)));
      assertThat(endOffset(tp)).as("a change passes the closed gate").isGreaterThan(held);
      assertThat(pausedMs(connector)).as("SnapshotPacePausedMs").isPositive();

      // The sink catches up: the snapshot goes on, never far ahead of it.
      long maxAhead = 0;
      long deadline = System.currentTimeMillis() + Duration.ofMinutes(4).toMillis();
      while (!snapshotEnded(tail) && System.currentTimeMillis() < deadline) {
        long end = endOffset(tp);
        maxAhead = Math.max(maxAhead, end - committed(group, tp));
        commit(group, tp, end);
        Thread.sleep(300);
      }
      assertThat(snapshotEnded(tail)).as("snapshot_end written").isTrue();
      assertThat(maxAhead)
          .as("most records ahead of the group")
          .isLessThanOrEqualTo(MAX_LAG + 3L * FETCH);
      commit(group, tp, endOffset(tp));

      coll.updateOne(Filters.eq("_id", 0), Updates.set("v", 2));
      awaitLastRecordOfEveryKeyIsMongoDbs(tail, coll);
    } finally {
      stack.cluster().deleteConnector(connector);
    }
  }

  private static MongoCollection<Document> fill(String database) {
    MongoCollection<Document> coll =
        SharedServices.mongo().client().getDatabase(database).getCollection("c");
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      docs.add(new Document("_id", i).append("v", 0));
      if (docs.size() == 1_000) {
        coll.insertMany(docs);
        docs.clear();
      }
    }
    return coll;
  }

  /** Waits until the topic's end offset has not moved for 3 s; returns it. */
  private static long awaitStableEnd(TopicPartition tp) throws Exception {
    long[] last = {-1};
    long[] since = {System.currentTimeMillis()};
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              long end = endOffset(tp);
              long now = System.currentTimeMillis();
              if (end != last[0]) {
                last[0] = end;
                since[0] = now;
              }
              return end > 0 && now - since[0] >= 3_000;
            });
    return last[0];
  }

  /** The end offset, 0 before the connector created the topic. */
  private static long endOffset(TopicPartition tp) throws Exception {
    try {
      return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return 0;
      }
      throw e;
    }
  }

  private static long committed(String group, TopicPartition tp) throws Exception {
    OffsetAndMetadata offset =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp);
    return offset == null ? 0 : offset.offset();
  }

  private static void commit(String group, TopicPartition tp, long offset) throws Exception {
    admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(offset))).all().get();
  }

  private static boolean isChange(Rec r) {
    return r.isData() && !"snapshot".equals(r.operation());
  }

  private static boolean snapshotEnded(TopicTail tail) {
    return tail.poll().stream().anyMatch(r -> "snapshot_end".equals(r.control()));
  }

  private static long pausedMs(String connector) throws Exception {
    return (Long)
        ManagementFactory.getPlatformMBeanServer()
            .getAttribute(SourceTaskMetrics.objectName(connector, 0), "SnapshotPacePausedMs");
  }

  private static void awaitLastRecordOfEveryKeyIsMongoDbs(
      TopicTail tail, MongoCollection<Document> coll) {
    Map<String, Integer> mongo = new HashMap<>();
    coll.find().forEach(d -> mongo.put(String.valueOf(d.getInteger("_id")), d.getInteger("v")));
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () -> {
              Map<String, Integer> last = new HashMap<>();
              for (Rec r : tail.poll()) {
                if (r.isData() && r.value() != null) {
                  last.put(r.key(), r.value().get("v").asInt());
                }
              }
              assertThat(last).isEqualTo(mongo);
            });
  }
}
