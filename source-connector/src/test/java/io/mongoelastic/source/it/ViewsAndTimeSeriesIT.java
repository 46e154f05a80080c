package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.TimeSeriesOptions;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import java.util.ArrayList;
import java.util.Date;
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

/**
 * A database holding a view and a time-series collection beside ordinary collections: a connector
 * on the whole database copies the ordinary ones and leaves the others out.
 */
class ViewsAndTimeSeriesIT {
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack = ConnectStack.builder("source-views").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static List<Document> docs(String prefix, int from, int to) {
    List<Document> docs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      docs.add(new Document("_id", prefix + i).append("n", i));
    }
    return docs;
  }

  private static Set<String> keys(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> prefix + i).collect(Collectors.toSet());
  }

  private static Set<String> dataKeys(List<Rec> records) {
    return records.stream().filter(Rec::isData).map(Rec::key).collect(Collectors.toSet());
  }

  @Test
  void copiesEveryOrdinaryCollectionOfADatabaseHoldingAViewAndATimeSeriesCollection()
      throws Exception {
    String database = "views" + Long.toHexString(System.nanoTime() & 0xffffff);
    MongoDatabase db = SharedServices.mongo().client().getDatabase(database);
    db.getCollection("orders").insertMany(docs("o", 0, 30));
    db.getCollection("users").insertMany(docs("u", 0, 10));
    db.createView("big_orders", "orders", List.of(Filters.gte("n", 10)));
    db.createCollection(
        "weather", new CreateCollectionOptions().timeSeriesOptions(new TimeSeriesOptions("ts")));
    db.getCollection("weather").insertOne(new Document("ts", new Date()).append("t", 21.5));

    String name = "views-conn";
    Map<String, String> config = SourceItConfigs.connector(stack, database, "");
    config.put("mongodb.collections.discovery.interval.ms", "1000");
    stack.cluster().configureConnector(name, config);
    try (TopicTail orders = new TopicTail(stack.kafka(), "mongodb." + database + ".orders", false);
        TopicTail users = new TopicTail(stack.kafka(), "mongodb." + database + ".users", false)) {
      orders.awaitUntil(r -> dataKeys(r).containsAll(keys("o", 0, 30)));
      users.awaitUntil(r -> dataKeys(r).containsAll(keys("u", 0, 10)));
      // Streaming works after the snapshot, and a later discovery round changes nothing.
      db.getCollection("orders").insertMany(docs("o", 30, 40));
      db.getCollection("users").deleteOne(Filters.eq("_id", "u0"));
      List<Rec> seenOrders = orders.awaitUntil(r -> dataKeys(r).containsAll(keys("o", 0, 40)));
      assertThat(dataKeys(seenOrders)).isEqualTo(keys("o", 0, 40));
      List<Rec> seenUsers =
          users.awaitUntil(
              r ->
                  r.stream().anyMatch(x -> "u0".equals(x.key()) && "delete".equals(x.operation())));
      assertThat(dataKeys(seenUsers)).isEqualTo(keys("u", 0, 10));
      assertThat(stack.cluster().connectorStatus(name).connector().state()).isEqualTo("RUNNING");
      assertThat(stack.cluster().connectorStatus(name).tasks())
          .extracting(t -> t.state())
          .containsOnly("RUNNING");
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get())
            .noneMatch(topic -> topic.endsWith("." + database + ".big_orders"))
            .noneMatch(topic -> topic.endsWith("." + database + ".weather"));
      }
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }
}
