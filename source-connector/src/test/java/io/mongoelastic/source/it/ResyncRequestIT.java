package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code snapshot.resync.request}: a new token makes a running connector take a new snapshot of
 * every collection (markers with reason {@code user_requested} on every partition), then stream on
 * without losing a change; a restart with the same token does not snapshot again, and a restart in
 * the middle of the resync continues the same snapshot.
 */
class ResyncRequestIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack = ConnectStack.builder("source-resync").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static MongoCollection<Document> collection(String database) {
    return SharedServices.mongo().client().getDatabase(database).getCollection("c");
  }

  private static void fill(MongoCollection<Document> coll, int from, int count) {
    List<Document> batch = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      batch.add(new Document("_id", i).append("n", i).append("payload", "x".repeat(40)));
    }
    coll.insertMany(batch);
  }

  private static Map<String, String> twoPartitionConfig(String database) {
    Map<String, String> config = SourceItConfigs.connector(stack, database, "c");
    config.put("tasks.max", "2");
    config.put("topic.creation.default.partitions", "2");
    config.put("topic.creation.default.replication.factor", "1");
    return config;
  }

  private static List<Rec> markers(List<Rec> records, String control, String reason) {
    return records.stream()
        .filter(r -> control.equals(r.control()) && reason.equals(r.reason()))
        .toList();
  }

  /** Both partitions carry an end marker of a snapshot with this reason. */
  private static boolean endedOnEveryPartition(List<Rec> records, String reason) {
    return markers(records, "snapshot_end", reason).stream()
            .map(Rec::partition)
            .collect(Collectors.toSet())
            .size()
        == 2;
  }

  /**
   * What a resync-aware consumer ends with: per partition, only the records after that partition's
   * last {@code snapshot_start} count (the sink fills a new index from there), replayed in order.
   */
  private static Map<String, JsonNode> replayLastSnapshot(List<Rec> records) {
    Map<Integer, Integer> lastStart = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      if ("snapshot_start".equals(records.get(i).control())) {
        lastStart.put(records.get(i).partition(), i);
      }
    }
    Map<String, JsonNode> state = new TreeMap<>();
    for (int i = 0; i < records.size(); i++) {
      Rec r = records.get(i);
      if (r.isControl() || i < lastStart.getOrDefault(r.partition(), Integer.MAX_VALUE)) {
        continue;
      }
      if (r.value() == null) {
        state.remove(r.key());
      } else {
        state.put(r.key(), r.value());
      }
    }
    return state;
  }

  private static Map<String, JsonNode> mongoState(MongoCollection<Document> coll) throws Exception {
    Map<String, JsonNode> state = new TreeMap<>();
    for (Document d : coll.find()) {
      state.put(String.valueOf(d.getInteger("_id")), JSON.readTree(d.toJson()));
    }
    return state;
  }

  private static Object taskAttribute(String connector, String attribute) throws Exception {
    return ManagementFactory.getPlatformMBeanServer()
        .getAttribute(
            new ObjectName(
                "io.mongoelastic:type=source-task,connector="
                    + ObjectName.quote(connector)
                    + ",task=0"),
            attribute);
  }

  /** The collection's committed offset is a snapshot announced under this token. */
  private static boolean announcedUnder(String connector, String token) {
    return stack.cluster().connectorOffsets(connector).offsets().stream()
        .map(o -> o.offset())
        .filter(java.util.Objects::nonNull)
        .anyMatch(o -> "snapshot".equals(o.get("phase")) && token.equals(o.get("resync_token")));
  }

  @Test
  void aNewTokenResnapshotsWithMarkersOnEveryPartitionAndLosesNoChange() throws Exception {
    String database = "resync" + System.nanoTime();
    String name = "resync-token";
    MongoCollection<Document> coll = collection(database);
    fill(coll, 0, 400);
    Map<String, String> config = twoPartitionConfig(database);
    stack.cluster().configureConnector(name, config);
    String topic = "mongodb." + database + ".c";
    try (TopicTail tail = new TopicTail(stack.kafka(), topic, false)) {
      List<Rec> first = tail.awaitUntil(r -> endedOnEveryPartition(r, "initial"));
      assertThat(markers(first, "snapshot_start", "initial"))
          .extracting(Rec::partition, Rec::partitionCount)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(1, 2));
      coll.deleteOne(Filters.eq("_id", 0));
      tail.awaitUntil(r -> r.stream().anyMatch(x -> "0".equals(x.key()) && x.value() == null));

      // Writes of every kind keep arriving while the connector restarts and resyncs.
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread writer =
          new Thread(
              () -> {
                int i = 0;
                while (writing.get()) {
                  coll.insertOne(new Document("_id", 1_000 + i).append("n", i));
                  coll.updateOne(Filters.eq("_id", 10 + i % 300), Updates.inc("n", 1));
                  coll.deleteOne(Filters.eq("_id", 100 + i));
                  i++;
                }
              });
      writer.start();
      config.put("snapshot.resync.request", "2026-11-28T10:30Z");
      stack.cluster().configureConnector(name, config);
      List<Rec> after;
      try {
        after = tail.awaitUntil(r -> endedOnEveryPartition(r, "user_requested"));
      } finally {
        writing.set(false);
        writer.join();
      }
      coll.insertOne(new Document("_id", 99_999));
      Map<String, JsonNode> mongo = mongoState(coll);
      List<Rec> all;
      try {
        // The last write's partition may be read before another partition's last records.
        all =
            tail.awaitUntil(
                r ->
                    r.stream().anyMatch(x -> "99999".equals(x.key()))
                        && replayLastSnapshot(r).equals(mongo));
      } catch (ConditionTimeoutException e) {
        all = tail.poll();
      }

      List<Rec> starts = markers(after, "snapshot_start", "user_requested");
      assertThat(starts)
          .extracting(Rec::partition, Rec::partitionCount)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(1, 2));
      Set<String> ids = starts.stream().map(Rec::snapshotId).collect(Collectors.toSet());
      String initialId = markers(first, "snapshot_start", "initial").get(0).snapshotId();
      assertThat(ids).hasSize(1).doesNotContain(initialId);
      assertThat(markers(after, "snapshot_end", "user_requested"))
          .extracting(Rec::snapshotId)
          .containsOnly(ids.iterator().next());
      // A full snapshot: every document that existed before the request is in it (or was
      // deleted since), not only the changed ones. (A document the writer changes while its range
      // is read may be left out in favour of its change records: the ids below it never touches.)
      for (String untouched : List.of("1", "5", "9")) {
        assertThat(
                all.stream()
                    .filter(r -> "snapshot".equals(r.operation()) && untouched.equals(r.key()))
                    .count())
            .as("snapshot records of document " + untouched)
            .isGreaterThanOrEqualTo(2);
      }
      Map<String, JsonNode> replayed = replayLastSnapshot(all);
      List<String> differing =
          mongo.keySet().stream().filter(k -> !mongo.get(k).equals(replayed.get(k))).toList();
      assertThat(replayed)
          .as(
              "records of the keys that differ: %s",
              all.stream()
                  .filter(r -> differing.contains(r.key()) || r.isControl())
                  .map(r -> r.partition() + ":" + r.key() + ":" + r.operation() + ":" + r.control())
                  .toList())
          .isEqualTo(mongo);
      assertThat(taskAttribute(name, "LastSnapshotReason")).isEqualTo("user_requested");
      assertThat(taskAttribute(name, "LastSnapshotId")).isEqualTo(ids.iterator().next());
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void restartsWithTheSameTokenNeitherResyncAgainNorRestartAnInterruptedResync() throws Exception {
    String database = "resyncsame" + System.nanoTime();
    String name = "resync-same";
    MongoCollection<Document> coll = collection(database);
    fill(coll, 0, 8_000);
    Map<String, String> config = twoPartitionConfig(database);
    config.put("snapshot.resync.request", "first");
    stack.cluster().configureConnector(name, config);
    String topic = "mongodb." + database + ".c";
    try (TopicTail tail = new TopicTail(stack.kafka(), topic, false)) {
      tail.awaitUntil(r -> endedOnEveryPartition(r, "initial"));
      config.put("snapshot.resync.request", "second");
      stack.cluster().configureConnector(name, config);
      // Restart while the resync reads, once its announcement is committed (before that a
      // restart plans it again under a new id: documented, repeated reads but no loss).
      tail.awaitUntil(r -> markers(r, "snapshot_start", "user_requested").size() == 2);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofMinutes(1))
          .until(() -> announcedUnder(name, "second"));
      config.put("poll.max.wait.ms", "250");
      stack.cluster().configureConnector(name, config);
      tail.awaitUntil(r -> endedOnEveryPartition(r, "user_requested"));

      // And once more after it finished.
      config.put("poll.max.wait.ms", "300");
      stack.cluster().configureConnector(name, config);
      coll.insertOne(new Document("_id", 50_000));
      List<Rec> all = tail.awaitUntil(r -> r.stream().anyMatch(x -> "50000".equals(x.key())));

      assertThat(all.stream().filter(Rec::isControl).map(Rec::snapshotId).distinct())
          .as("one initial and one requested snapshot, the latter continued, not restarted")
          .hasSize(2);
      assertThat(markers(all, "snapshot_start", "user_requested")).hasSize(2);
      assertThat(markers(all, "snapshot_end", "user_requested"))
          .extracting(Rec::partition)
          .containsOnly(0, 1);
      assertThat(all.stream().filter(x -> "50000".equals(x.key())).findFirst().orElseThrow())
          .extracting(Rec::operation)
          .isEqualTo("insert");
      assertThat(replayLastSnapshot(all)).isEqualTo(mongoState(coll));
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }
}
