package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Change events over MongoDB's 16 MiB limit (BSONObjectTooLarge on a real server and on the
 * embedded one): each change still reaches Kafka whole and the task keeps running.
 */
class LargeChangeEventIT {
  private static final int NINE_MIB = 9 * 1024 * 1024;
  private static final String MAX_BYTES = Integer.toString(40 * 1024 * 1024);
  // A legal user stage that doubles every event: with it, any document over 8 MiB makes an event
  // over the limit whatever the connector projects away.
  private static final String DOUBLING_PIPELINE =
      "[{\"$addFields\": {\"copy\": \"$fullDocument\"}}]";
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    // Records of ~9 MiB need Kafka limits above the 1 MiB defaults.
    stack =
        ConnectStack.builder("source-large-events")
            .brokerProperty("message.max.bytes", MAX_BYTES)
            .brokerProperty("replica.fetch.max.bytes", MAX_BYTES)
            .workerProperty("producer.max.request.size", MAX_BYTES)
            .workerProperty("producer.buffer.memory", Integer.toString(128 * 1024 * 1024))
            .start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static long taskMetric(String connector, String name) throws Exception {
    return (Long)
        ManagementFactory.getPlatformMBeanServer()
            .getAttribute(
                new ObjectName(
                    "io.mongoelastic:type=source-task,connector="
                        + ObjectName.quote(connector)
                        + ",task=0"),
                name);
  }

  private static Set<String> dataKeys(List<Rec> records) {
    return records.stream().filter(Rec::isData).map(Rec::key).collect(Collectors.toSet());
  }

  private static Rec last(List<Rec> records, String key) {
    return records.stream()
        .filter(r -> r.isData() && key.equals(r.key()))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  /** Starts a connector on a collection holding one small document; returns the collection. */
  private static MongoCollection<Document> startOn(
      String name, String database, Map<String, String> extra, TopicTail[] tail) {
    MongoCollection<Document> coll =
        SharedServices.mongo().client().getDatabase(database).getCollection("docs");
    coll.insertOne(new Document("_id", "before"));
    Map<String, String> config = SourceItConfigs.connector(stack, database, "docs");
    config.putAll(extra);
    stack.cluster().configureConnector(name, config);
    tail[0] = new TopicTail(stack.kafka(), "mongodb." + database + ".docs", false);
    tail[0].awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_end".equals(x.control())));
    return coll;
  }

  /** Writes a small change, the large ones, and a small change after them. */
  private static void writeAroundLargeChanges(MongoCollection<Document> coll) {
    coll.insertOne(new Document("_id", "small-1"));
    coll.insertOne(new Document("_id", "big").append("a", "x".repeat(NINE_MIB)));
    coll.updateOne(Filters.eq("_id", "big"), Updates.set("a", "y".repeat(NINE_MIB)));
    coll.insertOne(new Document("_id", "small-2"));
  }

  private void assertEverythingArrived(String name, TopicTail tail) {
    List<Rec> seen =
        tail.awaitUntil(
            r ->
                dataKeys(r).containsAll(Set.of("before", "small-1", "big", "small-2"))
                    && last(r, "big").value().path("a").asText().startsWith("y"));
    Rec big = last(seen, "big");
    assertThat(big.value().path("a").asText()).hasSize(NINE_MIB).matches("y+");
    assertThat(big.value().has("copy")).isFalse();
    assertThat(stack.cluster().connectorStatus(name).tasks())
        .extracting(t -> t.state())
        .containsOnly("RUNNING");
  }

  /**
   * Starts a connector, writes small and large changes, and checks that all arrived whole with the
   * task running; returns the collection.
   */
  private MongoCollection<Document> deliverAroundLargeChanges(
      String name, Map<String, String> extra, TopicTail[] tail) {
    MongoCollection<Document> coll =
        startOn(name, name.replace("-", "") + System.nanoTime(), extra, tail);
    writeAroundLargeChanges(coll);
    assertEverythingArrived(name, tail[0]);
    return coll;
  }

  private static void cleanUp(String name, TopicTail[] tail) {
    if (tail[0] != null) {
      tail[0].close();
    }
    stack.cluster().deleteConnector(name);
  }

  @Test
  void anUpdateWhoseDescriptionAndDocumentExceedTheLimitArrivesWhole() throws Exception {
    String name = "large-update";
    TopicTail[] tail = new TopicTail[1];
    try {
      // fullDocument (9 MiB) + updateDescription (9 MiB) would exceed 16 MiB: the connector's
      // streams never carry updateDescription, so this event is not even large.
      deliverAroundLargeChanges(name, Map.of(), tail);
      assertThat(last(tail[0].poll(), "big").operation()).isEqualTo("update");
    } finally {
      cleanUp(name, tail);
    }
  }

  @Test
  void splitsEventsOverTheLimitAndReassemblesThem() throws Exception {
    String name = "large-split";
    TopicTail[] tail = new TopicTail[1];
    try {
      deliverAroundLargeChanges(
          name, Map.of("stream.pipeline", DOUBLING_PIPELINE, "stream.large.events", "split"), tail);
      List<Rec> bigOnes = tail[0].poll().stream().filter(r -> "big".equals(r.key())).toList();
      assertThat(bigOnes).extracting(Rec::operation).containsExactly("insert", "update");
      assertThat(bigOnes.get(0).value().path("a").asText()).hasSize(NINE_MIB).matches("x+");
      assertThat(taskMetric(name, "LargeEventsSplit")).isEqualTo(2);
      assertThat(taskMetric(name, "LargeEventsFetched")).isZero();
    } finally {
      cleanUp(name, tail);
    }
  }

  @Test
  void fetchesTheDocumentWhenEventsAreNotSplit() throws Exception {
    String name = "large-fetch";
    TopicTail[] tail = new TopicTail[1];
    try {
      MongoCollection<Document> coll =
          deliverAroundLargeChanges(
              name,
              Map.of("stream.pipeline", DOUBLING_PIPELINE, "stream.large.events", "fetch_document"),
              tail);
      assertThat(taskMetric(name, "LargeEventsFetched")).isGreaterThanOrEqualTo(1);
      assertThat(taskMetric(name, "LargeEventsSplit")).isZero();
      // A large event whose document is gone by the time it is read becomes a delete (or, if it
      // is read before the delete, the delete event follows it): the document ends deleted.
      coll.insertOne(new Document("_id", "gone").append("a", "z".repeat(NINE_MIB)));
      coll.deleteOne(Filters.eq("_id", "gone"));
      coll.insertOne(new Document("_id", "small-3"));
      List<Rec> seen = tail[0].awaitUntil(r -> dataKeys(r).containsAll(Set.of("gone", "small-3")));
      assertThat(last(seen, "gone").operation()).isEqualTo("delete");
      assertThat(stack.cluster().connectorStatus(name).tasks())
          .extracting(t -> t.state())
          .containsOnly("RUNNING");
    } finally {
      cleanUp(name, tail);
    }
  }
}
