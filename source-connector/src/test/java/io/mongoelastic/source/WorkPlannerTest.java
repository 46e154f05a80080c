package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.mongoelastic.embedded.EmbeddedMongo;
import io.mongoelastic.source.offset.OffsetLookup;
import io.mongoelastic.source.stream.StartPoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkPlannerTest {
  private static EmbeddedMongo mongo;
  private static MongoClient client;

  @BeforeAll
  static void startServer() {
    mongo = EmbeddedMongo.start();
    client = MongoClients.create(mongo.connectionString());
  }

  @AfterAll
  static void stopServer() {
    client.close();
    mongo.close();
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

  @Test
  void manyNewCollectionsCostOneOffsetReadAndOneStartPoint() {
    String database = "planner" + System.nanoTime();
    MongoDatabase db = client.getDatabase(database);
    List<String> collections = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String name = String.format("c%03d", i);
      db.getCollection(name).insertOne(new Document("_id", 1));
      collections.add(name);
    }
    MongoSourceConfig config =
        new MongoSourceConfig(
            Map.of(
                "mongodb.uri",
                mongo.connectionString(),
                "mongodb.database",
                database,
                "mongodb.collections",
                String.join(",", collections),
                "snapshot.mode",
                "never"));
    CountingReader reader = new CountingReader();

    List<TaskAssignment> tasks =
        new WorkPlanner(config, client, new OffsetLookup(reader)).plan(collections, 2);

    assertThat(reader.reads).isEqualTo(1);
    Set<StartPoint> starts = new HashSet<>();
    int owned = 0;
    for (TaskAssignment task : tasks) {
      owned += task.ownedCollections().size();
      assertThat(task.streamStarts().keySet())
          .containsExactlyInAnyOrderElementsOf(task.ownedCollections());
      starts.addAll(task.streamStarts().values());
    }
    assertThat(owned).isEqualTo(300);
    // Taken once, before the tasks start: nothing written after planning is missed by any of them.
    assertThat(starts).hasSize(1);
    assertThat(starts.iterator().next().operationTime()).isNotNull();
  }
}
