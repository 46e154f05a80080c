package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.OffsetLookup;
import io.mongoelastic.source.stream.StartPointReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Two collections in one task where the first fills every poll's budget: the task's one change
 * stream (a database-level stream over both) still reads {@code poll.max.records} events per round
 * trip, not one, and the second collection's events all arrive.
 */
class StreamBatchSizeTest {
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

  @Test
  void theTasksOneStreamReadsInBatchesWhateverThePollBudgetLeft() throws Exception {
    String database = "batchsize" + System.nanoTime();
    MongoClient admin = SharedServices.mongo().client();
    admin.getDatabase(database).getCollection("a").insertOne(new Document("_id", 0));
    admin.getDatabase(database).getCollection("b").insertOne(new Document("_id", 0));
    TaskAssignment assignment = TaskAssignment.empty();
    StartPointReader starts = new StartPointReader(admin);
    for (String collection : List.of("a", "b")) {
      assignment.ownedCollections().add(collection);
      assignment.streamStarts().put(collection, starts.capture(database, collection));
    }
    for (int i = 1; i <= 10; i++) {
      admin.getDatabase(database).getCollection("a").insertOne(new Document("_id", i));
      admin.getDatabase(database).getCollection("b").insertOne(new Document("_id", i));
    }
    Map<String, String> props = new HashMap<>();
    props.put("name", "stream-batch-size");
    props.put("mongodb.uri", SharedServices.mongo().connectionString());
    props.put("mongodb.database", database);
    props.put("mongodb.collections", "a,b");
    props.put("snapshot.mode", "never");
    props.put("stream.large.events", "fetch_document");
    props.put("poll.max.records", "5");
    props.put("poll.max.wait.ms", "500");
    props.put(MongoSourceTaskConfig.TASK_ID, "0");
    props.put(MongoSourceTaskConfig.TASK_ASSIGNMENT, assignment.toJson());
    MongoSourceTaskConfig config = new MongoSourceTaskConfig(props);

    List<BsonDocument> streamReads = new CopyOnWriteArrayList<>();
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            BsonDocument command = event.getCommand();
            // A database-level stream: {aggregate: 1}, then getMores on "$cmd.aggregate".
            boolean databaseStream =
                switch (event.getCommandName()) {
                  case "aggregate" -> command.get("aggregate").isNumber();
                  case "getMore" ->
                      command.getString("collection").getValue().equals("$cmd.aggregate");
                  default -> false;
                };
            if (databaseStream && event.getDatabaseName().equals(database)) {
              streamReads.add(command.clone());
            }
          }
        };
    List<SourceRecord> fromB = new ArrayList<>();
    try (MongoClient client =
            MongoClients.create(
                MongoClientSettings.builder()
                    .applyConnectionString(
                        new ConnectionString(SharedServices.mongo().connectionString()))
                    .addCommandListener(listener)
                    .build());
        SourceTaskMetrics metrics = new SourceTaskMetrics("stream-batch-size", 0);
        TaskLoop loop =
            new TaskLoop(config, assignment, client, new OffsetLookup(NO_OFFSETS), metrics)) {
      long deadline = System.currentTimeMillis() + 20_000;
      while (fromB.size() < 10 && System.currentTimeMillis() < deadline) {
        for (SourceRecord record : loop.poll(() -> false)) {
          if (record.topic().equals(config.topicFor("b"))) {
            fromB.add(record);
          }
        }
      }
    }

    assertThat(fromB).hasSize(10);
    assertThat(streamReads).isNotEmpty();
    assertThat(streamReads.stream().filter(read -> read.containsKey("aggregate")))
        .as("one cursor for both collections")
        .hasSize(1);
    for (BsonDocument read : streamReads) {
      int batchSize =
          read.containsKey("cursor")
              ? read.getDocument("cursor").getInt32("batchSize").getValue()
              : read.getInt32("batchSize").getValue();
      assertThat(batchSize).as("batch size of %s", read.toJson()).isEqualTo(5);
    }
  }
}
