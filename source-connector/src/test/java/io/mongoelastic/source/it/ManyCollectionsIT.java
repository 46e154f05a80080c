package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.management.ObjectName;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One task streaming many collections through one change-stream cursor, with changes spread over
 * them and a worker lost in the middle: every key's last record equals MongoDB.
 */
class ManyCollectionsIT {
  private static final int COLLECTIONS = 50;
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack = ConnectStack.builder("source-many").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static String name(int collection) {
    return String.format("c%02d", collection);
  }

  private static long openChangeStreams(String connector) throws Exception {
    return (Long)
        ManagementFactory.getPlatformMBeanServer()
            .getAttribute(
                new ObjectName(
                    "io.mongoelastic:type=source-task,connector="
                        + ObjectName.quote(connector)
                        + ",task=0"),
                "OpenChangeStreams");
  }

  /** Random inserts, updates and deletes spread over the collections; returns the next id. */
  private static int write(MongoDatabase db, Random random, int nextId, int count) {
    for (int i = 0; i < count; i++) {
      MongoCollection<Document> coll = db.getCollection(name(random.nextInt(COLLECTIONS)));
      double dice = random.nextDouble();
      Document any = coll.find().skip(random.nextInt(3)).first();
      if (dice < 0.4 || any == null) {
        coll.insertOne(
            new Document("_id", coll.getNamespace().getCollectionName() + "-" + nextId++)
                .append("v", 0));
      } else if (dice < 0.85) {
        coll.updateOne(Filters.eq("_id", any.get("_id")), Updates.inc("v", 1));
      } else {
        coll.deleteOne(Filters.eq("_id", any.get("_id")));
      }
    }
    return nextId;
  }

  /** MongoDB's documents of every collection by key, as {@code v} values. */
  private static Map<String, Integer> mongoState(MongoDatabase db) {
    Map<String, Integer> state = new TreeMap<>();
    for (int c = 0; c < COLLECTIONS; c++) {
      for (Document doc : db.getCollection(name(c)).find()) {
        state.put(doc.getString("_id"), doc.getInteger("v"));
      }
    }
    return state;
  }

  /** The state the topics replay to: each key's last data record (a delete removes it). */
  private static Map<String, Integer> replayed(List<Rec> records) {
    Map<String, Integer> state = new TreeMap<>();
    for (Rec r : records) {
      if (!r.isData()) {
        continue;
      }
      JsonNode value = r.value();
      if (value == null || "delete".equals(r.operation())) {
        state.remove(r.key());
      } else {
        state.put(r.key(), value.path("v").asInt());
      }
    }
    return state;
  }

  @Test
  void oneCursorStreamsFiftyCollectionsAndAWorkerLossLosesNoChange() throws Exception {
    String database = "many" + Long.toHexString(System.nanoTime() & 0xffffff);
    MongoDatabase db = SharedServices.mongo().client().getDatabase(database);
    for (int c = 0; c < COLLECTIONS; c++) {
      db.getCollection(name(c))
          .insertMany(
              List.of(
                  new Document("_id", name(c) + "-a").append("v", 0),
                  new Document("_id", name(c) + "-b").append("v", 0)));
    }
    String connector = "many-conn";
    Map<String, String> config =
        SourceItConfigs.connector(
            stack,
            database,
            IntStream.range(0, COLLECTIONS)
                .mapToObj(ManyCollectionsIT::name)
                .collect(Collectors.joining(",")));
    stack.cluster().configureConnector(connector, config);
    String[] topics =
        IntStream.range(0, COLLECTIONS)
            .mapToObj(c -> "mongodb." + database + "." + name(c))
            .toArray(String[]::new);
    Random random = new Random(20);
    try (TopicTail tail = new TopicTail(stack.kafka(), false, topics)) {
      tail.awaitUntil(
          r -> r.stream().filter(x -> "snapshot_end".equals(x.control())).count() == COLLECTIONS);
      // Every collection streams, over the task's one cursor (no snapshot range is left open).
      await().atMost(Duration.ofMinutes(1)).until(() -> openChangeStreams(connector) == 1);

      int nextId = write(db, random, 0, 400);
      tail.awaitUntil(r -> replayed(r).equals(mongoState(db)));
      assertThat(openChangeStreams(connector)).isEqualTo(1);

      // A worker lost while changes go on: the collections restart from offsets committed at
      // different positions, on one stream opened at the earliest of them.
      nextId = write(db, random, nextId, 200);
      stack.cluster().removeWorker();
      nextId = write(db, random, nextId, 200);
      stack.cluster().addWorker();
      write(db, random, nextId, 400);

      Map<String, Integer> expected = mongoState(db);
      List<Rec> all = tail.awaitUntil(r -> replayed(r).equals(expected));
      assertThat(replayed(all)).isEqualTo(expected);
      await().atMost(Duration.ofMinutes(1)).until(() -> openChangeStreams(connector) == 1);
      Map<String, Long> perTopic = new HashMap<>();
      all.stream()
          .filter(Rec::isData)
          .forEach(r -> perTopic.merge(r.key().split("-")[0], 1L, Long::sum));
      assertThat(perTopic).hasSize(COLLECTIONS);
    } finally {
      stack.cluster().deleteConnector(connector);
    }
  }
}
