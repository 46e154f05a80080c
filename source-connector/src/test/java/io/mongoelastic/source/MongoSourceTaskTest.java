package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.stream.StartPointReader;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** A task streaming one collection of the embedded server, stopped from another thread. */
class MongoSourceTaskTest {
  private static final OffsetStorageReader NO_OFFSETS =
      new OffsetStorageReader() {
        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
          return null;
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(
            Collection<Map<String, T>> partitions) {
          return Map.of();
        }
      };

  private static MongoSourceTask startedTask(String connector) {
    String database = "tasktest" + System.nanoTime();
    SharedServices.mongo()
        .client()
        .getDatabase(database)
        .getCollection("c")
        .insertOne(new Document("_id", 1));
    TaskAssignment assignment = TaskAssignment.empty();
    assignment.ownedCollections().add("c");
    assignment
        .streamStarts()
        .put("c", new StartPointReader(SharedServices.mongo().client()).capture(database, "c"));
    Map<String, String> props = new HashMap<>();
    props.put("name", connector);
    props.put("mongodb.uri", SharedServices.mongo().connectionString());
    props.put("mongodb.database", database);
    props.put("mongodb.collections", "c");
    props.put("snapshot.mode", "never");
    props.put("poll.max.wait.ms", "3000");
    props.put(MongoSourceTaskConfig.TASK_ID, "0");
    props.put(MongoSourceTaskConfig.TASK_ASSIGNMENT, assignment.toJson());
    MongoSourceTask task = new MongoSourceTask();
    task.initialize(
        new SourceTaskContext() {
          @Override
          public Map<String, String> configs() {
            return props;
          }

          @Override
          public OffsetStorageReader offsetStorageReader() {
            return NO_OFFSETS;
          }

          @Override
          public PluginMetrics pluginMetrics() {
            return null;
          }
        });
    task.start(props);
    return task;
  }

  private static boolean metricsRegistered(String connector) {
    ObjectName name = SourceTaskMetrics.objectName(connector, 0);
    return ManagementFactory.getPlatformMBeanServer().isRegistered(name);
  }

  @Test
  void stopDuringAPollLeavesTheCursorsToThePollingThread() throws Exception {
    MongoSourceTask task = startedTask("stop-during-poll");
    CompletableFuture<List<SourceRecord>> poll =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return task.poll();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    // The poll waits up to 3 s for changes on a quiet collection.
    Thread.sleep(500);
    assertThat(poll).isNotDone();

    task.stop();

    // Nothing closed under the running poll but the client: the poll closes the rest on its own
    // thread when it returns, and returns without an error.
    assertThat(metricsRegistered("stop-during-poll")).isTrue();
    poll.get(10, TimeUnit.SECONDS);
    assertThat(metricsRegistered("stop-during-poll")).isFalse();
  }

  @Test
  void stopBetweenPollsClosesEverythingAtOnce() throws Exception {
    MongoSourceTask task = startedTask("stop-between-polls");
    assertThat(metricsRegistered("stop-between-polls")).isTrue();
    task.stop();
    assertThat(metricsRegistered("stop-between-polls")).isFalse();
    assertThat(task.poll()).isNull();
  }
}
