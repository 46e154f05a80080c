package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Collections created while the connector runs are noticed without a restart. */
class CollectionDiscoveryIT {
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack = ConnectStack.builder("source-discovery").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static Set<String> dataKeys(List<Rec> records) {
    return records.stream().filter(Rec::isData).map(Rec::key).collect(Collectors.toSet());
  }

  private static Set<String> keys(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> prefix + i).collect(Collectors.toSet());
  }

  private static List<Document> docs(String prefix, int from, int to) {
    List<Document> docs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      docs.add(new Document("_id", prefix + i).append("n", i));
    }
    return docs;
  }

  @Test
  void snapshotsAndStreamsAMatchingCollectionCreatedAfterTheStart() throws Exception {
    String database = "discovery" + Long.toHexString(System.nanoTime() & 0xffffff);
    MongoDatabase db = SharedServices.mongo().client().getDatabase(database);
    db.getCollection("orders_a").insertMany(docs("a", 0, 5));
    String name = "discovery-conn";
    Map<String, String> config = SourceItConfigs.connector(stack, database, "");
    config.put("mongodb.collections.regex", "orders_.*");
    config.put("mongodb.collections.discovery.interval.ms", "1000");
    stack.cluster().configureConnector(name, config);
    try (TopicTail first =
            new TopicTail(stack.kafka(), "mongodb." + database + ".orders_a", false);
        TopicTail added =
            new TopicTail(stack.kafka(), "mongodb." + database + ".orders_b", false)) {
      first.awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_end".equals(x.control())));

      // Created while the connector runs: some documents before discovery can have seen it, some
      // after; plus a collection the regex does not match.
      db.getCollection("orders_b").insertMany(docs("b", 0, 50));
      db.getCollection("invoices").insertMany(docs("i", 0, 5));
      List<Rec> seen = added.awaitUntil(r -> dataKeys(r).containsAll(keys("b", 0, 50)));
      assertThat(seen.stream().filter(Rec::isData).map(Rec::operation).distinct())
          .isSubsetOf("snapshot", "insert");
      db.getCollection("orders_b").insertMany(docs("b", 50, 60));
      seen = added.awaitUntil(r -> dataKeys(r).containsAll(keys("b", 0, 60)));
      assertThat(dataKeys(seen)).isEqualTo(keys("b", 0, 60));
      // The first collection keeps streaming after the reconfiguration.
      db.getCollection("orders_a").insertOne(new Document("_id", "a-late"));
      first.awaitUntil(r -> dataKeys(r).contains("a-late"));

      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get())
            .noneMatch(topic -> topic.endsWith("." + database + ".invoices"));
      }
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void startsWithoutTasksUntilAMatchingCollectionExists() {
    String database = "discoveryempty" + Long.toHexString(System.nanoTime() & 0xffffff);
    MongoDatabase db = SharedServices.mongo().client().getDatabase(database);
    String name = "discovery-empty-conn";
    Map<String, String> config = SourceItConfigs.connector(stack, database, "");
    config.put("mongodb.collections.regex", "late_.*");
    config.put("mongodb.collections.discovery.interval.ms", "1000");
    stack.cluster().configureConnector(name, config);
    try (TopicTail tail = new TopicTail(stack.kafka(), "mongodb." + database + ".late_x", false)) {
      db.getCollection("late_x").insertMany(docs("x", 0, 20));
      List<Rec> seen = tail.awaitUntil(r -> dataKeys(r).containsAll(keys("x", 0, 20)));
      assertThat(dataKeys(seen)).isEqualTo(keys("x", 0, 20));
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }
}
