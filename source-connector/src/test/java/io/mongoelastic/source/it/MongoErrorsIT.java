package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What MongoDB's failures do to a running connector, injected with MongoDB's own fail points
 * ({@link ConnectorFaults}): after a transient error every document and change reaches Kafka and
 * the task keeps running; an error retrying cannot cure fails the task, naming the cause.
 */
class MongoErrorsIT {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack = ConnectStack.builder("source-errors").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static String unique(String base) {
    return base + SEQ.incrementAndGet() + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  private static MongoDatabase db(String name) {
    return SharedServices.mongo().client().getDatabase(name);
  }

  private static Map<String, String> config(
      ConnectorFaults faults, String database, String collections) {
    Map<String, String> config = SourceItConfigs.connector(stack, database, collections);
    config.put("mongodb.uri", faults.connectionString());
    config.put("mongodb.retry.backoff.max.ms", "500");
    return config;
  }

  private static Set<String> dataKeys(List<Rec> records) {
    return records.stream().filter(Rec::isData).map(Rec::key).collect(Collectors.toSet());
  }

  private static boolean snapshotEnded(List<Rec> records) {
    return records.stream().anyMatch(r -> "snapshot_end".equals(r.control()));
  }

  private static List<Document> docs(String prefix, int count) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      docs.add(new Document("_id", prefix + i).append("n", i));
    }
    return docs;
  }

  private static Set<String> ids(String prefix, int count) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }

  private static String taskState(String name) {
    ConnectorStateInfo status = stack.cluster().connectorStatus(name);
    return status.tasks().isEmpty() ? "NONE" : status.tasks().get(0).state();
  }

  private static String awaitFailedTrace(String name) {
    await().atMost(Duration.ofMinutes(2)).until(() -> "FAILED".equals(taskState(name)));
    return stack.cluster().connectorStatus(name).tasks().get(0).trace();
  }

  @Test
  void keepsEveryChangeOfBothCollectionsWhileTheirStreamLosesItsConnection() throws Exception {
    String database = unique("twostreams");
    String name = unique("two-streams-");
    MongoCollection<Document> a = db(database).getCollection("a");
    MongoCollection<Document> b = db(database).getCollection("b");
    a.insertOne(new Document("_id", "a-first"));
    b.insertOne(new Document("_id", "b-first"));
    try (ConnectorFaults faults = ConnectorFaults.open()) {
      stack.cluster().configureConnector(name, config(faults, database, "a,b"));
      try (TopicTail tailA = new TopicTail(stack.kafka(), "mongodb." + database + ".a", false);
          TopicTail tailB = new TopicTail(stack.kafka(), "mongodb." + database + ".b", false)) {
        tailA.awaitUntil(MongoErrorsIT::snapshotEnded);
        tailB.awaitUntil(MongoErrorsIT::snapshotEnded);
        for (int i = 0; i < 300; i++) {
          if (i == 50) {
            // The task's one stream (a database-level stream over a and b): its getMores, and
            // the driver's own resume of it, hang up while events of both are being taken.
            faults.failCommand(
                "alwaysOn",
                new Document("failCommands", List.of("getMore", "aggregate"))
                    .append("namespace", database + ".$cmd.aggregate")
                    .append("closeConnection", true));
          }
          if (i == 200) {
            faults.off();
          }
          a.insertOne(new Document("_id", "a" + i));
          b.insertOne(new Document("_id", "b" + i));
          Thread.sleep(5);
        }
        assertEveryKeyArrives(tailA, ids("a", 300), "a-first");
        assertEveryKeyArrives(tailB, ids("b", 300), "b-first");
      }
      assertRunningAfterRetries(name, 1);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void streamResumesAfterAFailoverStyleNotWritablePrimary() throws Exception {
    String database = unique("failover");
    String name = unique("failover-");
    try (ConnectorFaults faults = ConnectorFaults.open()) {
      MongoCollection<Document> coll = streaming(faults, database, name);
      try (TopicTail tail = new TopicTail(stack.kafka(), "mongodb." + database + ".c", false)) {
        // More failures than the driver's single resume covers: the connector reopens the stream.
        faults.failCommand(
            ConnectorFaults.times(4),
            new Document("failCommands", List.of("getMore", "aggregate"))
                .append("errorCode", 10107)
                .append("errorLabels", List.of("ResumableChangeStreamError")));
        coll.insertMany(docs("c", 100));
        assertEveryKeyArrives(tail, ids("c", 100), "first");
      }
      assertRunningAfterRetries(name, 1);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void snapshotReadsOnAfterTheConnectionClosesMidSnapshot() throws Exception {
    // The first dozen getMores hang up. The range's change stream, open while the range is read,
    // meets them too and the driver resumes it by itself, so which of them hit the snapshot's
    // cursor (retried after the last _id sent) depends on timing: the test asserts that the
    // connections were closed and that every document arrives regardless.
    snapshotsEveryDocumentDespite(
        1_000,
        ConnectorFaults.times(12),
        new Document("failCommands", List.of("getMore")).append("closeConnection", true),
        0);
  }

  @Test
  void snapshotRetriesQueriesTheServerInterrupted() throws Exception {
    String database = unique("interrupted");
    String name = unique("interrupted-");
    db(database).getCollection("s").insertMany(docs("s", 500));
    try (ConnectorFaults faults = ConnectorFaults.open()) {
      // Interrupted (11601) on every snapshot query of the task until it retried three times. The
      // first find passes: it is the planner's read of the snapshot's bound (while Connect plans
      // the tasks, which Connect retries), not the task's.
      faults.failCommand(
          new Document("skip", 1),
          new Document("failCommands", List.of("find")).append("errorCode", 11601));
      Map<String, String> config = config(faults, database, "s");
      config.put("snapshot.fetch.size", "100");
      stack.cluster().configureConnector(name, config);
      await().atMost(Duration.ofMinutes(2)).until(() -> ConnectorFaults.retries(name, 0) >= 3);
      assertThat(faults.off()).as("times the fail point struck").isGreaterThanOrEqualTo(3);
      try (TopicTail tail = new TopicTail(stack.kafka(), "mongodb." + database + ".s", false)) {
        List<Rec> seen = tail.awaitUntil(MongoErrorsIT::snapshotEnded);
        assertThat(dataKeys(seen)).isEqualTo(ids("s", 500));
      }
      assertRunningAfterRetries(name, 3);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void taskStartsAfterATransientErrorWhileItStarts() throws Exception {
    String database = unique("taskstart");
    String name = unique("task-start-");
    MongoCollection<Document> coll = db(database).getCollection("s");
    coll.insertMany(docs("s", 300));
    try (ConnectorFaults faults = ConnectorFaults.open()) {
      stack.cluster().configureConnector(name, config(faults, database, "s"));
      // Set once the connector validated (its probe reads buildInfo too) and before its task
      // starts: the task reads buildInfo to decide how to read large change events.
      faults.failCommand(
          "alwaysOn", new Document("failCommands", List.of("buildInfo")).append("errorCode", 91));
      await().atMost(Duration.ofMinutes(1)).until(() -> ConnectorFaults.retries(name, 0) >= 2);
      assertThat(taskState(name)).isEqualTo("RUNNING");
      faults.off();
      try (TopicTail tail = new TopicTail(stack.kafka(), "mongodb." + database + ".s", false)) {
        tail.awaitUntil(MongoErrorsIT::snapshotEnded);
        coll.insertMany(docs("after", 50));
        Set<String> expected = ids("s", 300);
        expected.addAll(ids("after", 50));
        assertThat(dataKeys(tail.awaitUntil(r -> dataKeys(r).containsAll(expected))))
            .containsAll(expected);
      }
      assertRunningAfterRetries(name, 2);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  /** Snapshots {@code count} documents (100 per round trip) while the fail point is set. */
  private static void snapshotsEveryDocumentDespite(
      int count, Document mode, Document failure, long minRetries) throws Exception {
    String database = unique("snapshot");
    String name = unique("snapshot-");
    db(database).getCollection("s").insertMany(docs("s", count));
    try (ConnectorFaults faults = ConnectorFaults.open()) {
      faults.failCommand(mode, failure);
      Map<String, String> config = config(faults, database, "s");
      config.put("snapshot.fetch.size", "100");
      stack.cluster().configureConnector(name, config);
      try (TopicTail tail = new TopicTail(stack.kafka(), "mongodb." + database + ".s", false)) {
        List<Rec> seen = tail.awaitUntil(MongoErrorsIT::snapshotEnded);
        assertThat(dataKeys(seen)).isEqualTo(ids("s", count));
        assertThat(faults.off()).as("times the fail point struck").isPositive();
      }
      assertRunningAfterRetries(name, minRetries);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  /** Collection {@code c} holding "first", snapshotted by a new connector that now streams it. */
  private static MongoCollection<Document> streaming(
      ConnectorFaults faults, String database, String name) {
    MongoCollection<Document> coll = db(database).getCollection("c");
    coll.insertOne(new Document("_id", "first"));
    stack.cluster().configureConnector(name, config(faults, database, "c"));
    try (TopicTail tail = new TopicTail(stack.kafka(), "mongodb." + database + ".c", false)) {
      tail.awaitUntil(MongoErrorsIT::snapshotEnded);
    }
    return coll;
  }

  private static void assertEveryKeyArrives(TopicTail tail, Set<String> keys, String alsoKey) {
    Set<String> expected = new HashSet<>(keys);
    expected.add(alsoKey);
    assertThat(dataKeys(tail.awaitUntil(r -> dataKeys(r).containsAll(expected))))
        .containsAll(expected);
  }

  private static void assertRunningAfterRetries(String name, long minRetries) {
    assertThat(taskState(name)).isEqualTo("RUNNING");
    assertThat(ConnectorFaults.retries(name, 0)).isGreaterThanOrEqualTo(minRetries);
  }

  @Test
  void failsNamingTheCollectionAndCauseOnAnErrorRetryingCannotCure() throws Exception {
    String database = unique("fatal");
    String name = unique("fatal-");
    try (ConnectorFaults faults = ConnectorFaults.open()) {
      MongoCollection<Document> coll = streaming(faults, database, name);
      faults.failCommand(
          "alwaysOn",
          new Document("failCommands", List.of("getMore", "aggregate")).append("errorCode", 13));
      coll.insertOne(new Document("_id", "second"));
      String trace = awaitFailedTrace(name);
      assertThat(trace)
          .contains("the change stream of " + database + ".c")
          .contains("code 13")
          .doesNotContain("mongodb://");
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void refusesAPipelineThatRemovesTheResumeTokenWhenValidated() {
    Map<String, String> config = SourceItConfigs.connector(stack, unique("validate"), "c");
    config.put("name", "validate-pipeline");
    config.put("stream.pipeline", "[{\"$unset\": \"_id\"}]");
    ConfigInfos infos =
        stack.cluster().validateConnectorConfig(config.get("connector.class"), config);
    List<String> errors =
        infos.configs().stream()
            .map(ConfigInfo::configValue)
            .filter(v -> v.name().equals("stream.pipeline"))
            .findFirst()
            .orElseThrow()
            .errors();
    assertThat(errors).singleElement().asString().contains("_id").contains("$unset");
  }

  @Test
  void failsNamingStreamPipelineWhenThePipelineReplacesTheResumeToken() throws Exception {
    String database = unique("pipeline");
    String name = unique("pipeline-");
    MongoCollection<Document> coll = db(database).getCollection("c");
    coll.insertOne(new Document("_id", "first"));
    Map<String, String> config = SourceItConfigs.connector(stack, database, "c");
    // Passes validation (what $replaceRoot keeps cannot be known up front), but the events' _id
    // becomes the document's: MongoDB ends the stream with ChangeStreamFatalError.
    config.put("stream.pipeline", "[{\"$replaceRoot\": {\"newRoot\": \"$fullDocument\"}}]");
    try {
      stack.cluster().configureConnector(name, config);
      try (TopicTail tail = new TopicTail(stack.kafka(), "mongodb." + database + ".c", false)) {
        tail.awaitUntil(MongoErrorsIT::snapshotEnded);
      }
      coll.insertOne(new Document("_id", "second"));
      String trace = awaitFailedTrace(name);
      assertThat(trace).contains("stream.pipeline").contains(database + ".c");
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }
}
