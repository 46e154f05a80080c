package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.mongoelastic.harness.EmbeddedMongoExtension;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.CollectionOffset.Phase;
import io.mongoelastic.source.offset.CollectionPartition;
import io.mongoelastic.source.offset.OffsetLookup;
import io.mongoelastic.source.record.DocumentIdEncoder;
import io.mongoelastic.source.stream.HistoryLostException;
import io.mongoelastic.source.stream.StartPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

class WorkPlannerTest {
  private static final AtomicInteger changeStreamsOpened = new AtomicInteger();
  @RegisterExtension static final EmbeddedMongoExtension MONGO = EmbeddedMongoExtension.shared();
  // A client of the test's own, counting the change streams it opens.
  private static MongoClient client;

  @BeforeAll
  static void openClient() {
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(MONGO.connectionString()))
                .addCommandListener(new ChangeStreamCounter())
                .build());
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  /**
   * Counts the change streams the client opens. Start points are counted rather than compared: on
   * the embedded server the cluster time moves only on writes, so captures taken one per collection
   * would all be equal too.
   */
  private static final class ChangeStreamCounter implements CommandListener {
    @Override
    public void commandStarted(CommandStartedEvent event) {
      if (event.getCommandName().equals("aggregate")
          && event.getCommand().getArray("pipeline").stream()
              .anyMatch(stage -> stage.asDocument().containsKey("$changeStream"))) {
        changeStreamsOpened.incrementAndGet();
      }
    }
  }

  /** An empty offset store counting reads (the worker reads its offsets topic for each one). */
  private static final class CountingReader implements OffsetStorageReader {
    int reads;

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
      reads++;
      return null;
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(
        Collection<Map<String, T>> partitions) {
      reads++;
      return Map.of();
    }
  }

  /** A fresh database holding {@code count} collections of one document each. */
  private static List<String> collections(MongoDatabase db, int count) {
    List<String> collections = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = String.format("c%03d", i);
      db.getCollection(name).insertOne(new Document("_id", 1));
      collections.add(name);
    }
    return collections;
  }

  private static MongoSourceConfig streamOnly(String database, List<String> collections) {
    return new MongoSourceConfig(
        Map.of(
            "mongodb.uri",
            MONGO.connectionString(),
            "mongodb.database",
            database,
            "mongodb.collections",
            String.join(",", collections),
            "snapshot.mode",
            "never"));
  }

  @Test
  void manyNewCollectionsCostOneOffsetReadAndOneStartPoint() {
    String database = "planner" + System.nanoTime();
    List<String> collections = collections(client.getDatabase(database), 300);
    MongoSourceConfig config = streamOnly(database, collections);
    CountingReader reader = new CountingReader();
    changeStreamsOpened.set(0);

    List<TaskAssignment> tasks =
        new WorkPlanner(config, client, new OffsetLookup(reader)).plan(collections, 2);

    assertThat(reader.reads).isEqualTo(1);
    assertThat(changeStreamsOpened.get()).as("start points captured").isEqualTo(1);
    Set<StartPoint> starts = new HashSet<>();
    int owned = 0;
    for (TaskAssignment task : tasks) {
      owned += task.ownedCollections().size();
      assertThat(task.streamStarts().keySet())
          .containsExactlyInAnyOrderElementsOf(task.ownedCollections());
      starts.addAll(task.streamStarts().values());
    }
    assertThat(owned).isEqualTo(300);
    assertThat(starts).hasSize(1);
    assertThat(starts.iterator().next().operationTime()).isNotNull();
  }

  @Test
  @Timeout(60)
  void aWriteAfterPlanningArrivesOnceFromTheSharedStartPoint() {
    String database = "planner" + System.nanoTime();
    List<String> collections = collections(client.getDatabase(database), 20);
    MongoSourceConfig config = streamOnly(database, collections);
    List<TaskAssignment> tasks =
        new WorkPlanner(config, client, new OffsetLookup(new CountingReader()))
            .plan(collections, 2);
    // Handed over as the task config carries it.
    TaskAssignment task = TaskAssignment.fromJson(tasks.get(1).toJson());
    String written = task.ownedCollections().get(0);
    client.getDatabase(database).getCollection(written).insertOne(new Document("_id", "after"));
    client.getDatabase(database).getCollection(written).insertOne(new Document("_id", "end"));

    // The task's stream, its collections starting where the planner said (as CollectionOwner does).
    List<SourceRecord> out = new ArrayList<>();
    List<HistoryLostException> lost = new ArrayList<>();
    try (SourceTaskMetrics metrics = new SourceTaskMetrics("work-planner-test", 1);
        SharedChangeStream stream =
            new SharedChangeStream(client, config, Duration.ofMillis(100), 100, false, metrics)) {
      for (String collection : task.ownedCollections()) {
        StartPoint start = task.streamStarts().get(collection);
        CollectionOffset offset =
            CollectionOffset.builder(Phase.STREAM)
                .resyncToken(config.resyncRequest())
                .startAt(start.operationTime())
                .startToken(start.resumeToken())
                .build();
        stream.join(
            new CollectionStream(
                collection,
                config,
                new CollectionPartition(database + "." + collection).toMap(),
                metrics,
                offset,
                lost::add));
      }
      while (!keys(out, config.topicFor(written)).contains(key("end")) && lost.isEmpty()) {
        stream.step(out, 100);
      }
    }

    assertThat(lost).isEmpty();
    assertThat(keys(out, config.topicFor(written)))
        .as("the write after planning once, nothing written before it")
        .containsExactly(key("after"), key("end"));
  }

  private static String key(String id) {
    return DocumentIdEncoder.encode(new BsonString(id));
  }

  private static List<Object> keys(List<SourceRecord> out, String topic) {
    return out.stream().filter(r -> r.topic().equals(topic)).map(SourceRecord::key).toList();
  }
}
