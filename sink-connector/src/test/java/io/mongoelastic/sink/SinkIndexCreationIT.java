package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.SharedServices;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With resync off, the sink creates a topic's index when its partitions are assigned, before the
 * first record (with resync on, the alias layout is prepared then; see the resync ITs).
 */
class SinkIndexCreationIT {
  private static ConnectStack stack;
  private static ElasticsearchProbe es;
  private static String esUrl;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() {
    esUrl = SharedServices.elasticsearch().url();
    es = new ElasticsearchProbe(esUrl);
    stack = ConnectStack.builder("sink-index-creation").start();
    producer = SinkItSupport.producer(stack);
  }

  @AfterAll
  static void stop() {
    producer.close();
    stack.close();
  }

  @Test
  void createsTheIndexWhenPartitionsAreAssigned() {
    String topic = "assigned.early";
    es.delete("/" + topic);
    stack.kafka().createTopic(topic, 2);
    stack.cluster().configureConnector("assigned-early", plainSinkConfig(topic, esUrl));
    try {
      // No record was produced: only the assignment can have created it.
      await().atMost(Duration.ofMinutes(1)).until(() -> es.get("/" + topic).status() == 200);
      assertThat(es.count(topic)).isZero();

      send(producer, topic, 0, "\"a\"", "{\"n\":1}", null);
      send(producer, topic, 1, "\"b\"", "{\"n\":2}", null);
      producer.flush();
      await().atMost(Duration.ofMinutes(1)).until(() -> es.count(topic) == 2);
      assertThat(SinkItSupport.tasksInState(stack, "assigned-early", "RUNNING")).isTrue();
    } finally {
      stack.cluster().deleteConnector("assigned-early");
    }
  }

  @Test
  void leavesCreationToTheFirstRecordWhenTransformsMayRenameTheTopic() {
    String topic = "assigned.routed";
    String renamed = "assigned.renamed";
    es.delete("/" + topic);
    es.delete("/" + renamed);
    stack.kafka().createTopic(topic, 1);
    Map<String, String> config = plainSinkConfig(topic, esUrl);
    config.put("transforms", "route");
    config.put("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
    config.put("transforms.route.regex", "assigned\\.routed");
    config.put("transforms.route.replacement", renamed);
    stack.cluster().configureConnector("assigned-routed", config);
    try {
      awaitTaskRunning(stack, "assigned-routed");
      send(producer, topic, 0, "\"r\"", "{\"n\":1}", null);
      producer.flush();
      await().atMost(Duration.ofMinutes(1)).until(() -> es.count(renamed) == 1);
      // The assigned topic's own name would have been an index nobody writes to.
      assertThat(es.get("/" + topic).status()).isEqualTo(404);
    } finally {
      stack.cluster().deleteConnector("assigned-routed");
    }
  }

  @Test
  void createsTheIndexWithTheFirstRecordWhenCreationAtAssignmentFails() throws Exception {
    String topic = "assigned.refused";
    es.delete("/" + topic);
    stack.kafka().createTopic(topic, 1);
    try (FaultInjectingProxy proxy = new FaultInjectingProxy(esUrl, id -> false)) {
      proxy.refuseIndexCreations(true);
      stack.cluster().configureConnector("assigned-refused", plainSinkConfig(topic, proxy.url()));
      try {
        // The request and the HTTP client's one automatic retry of a 429 are refused.
        await().atMost(Duration.ofMinutes(1)).until(() -> proxy.refusedIndexCreations() >= 2);
        awaitTaskRunning(stack, "assigned-refused");
        proxy.refuseIndexCreations(false);
        // Nothing tries again before a record arrives: the creation is left to the first bulk.
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(10))
            .until(() -> es.get("/" + topic).status() == 404);

        send(producer, topic, 0, "\"x\"", "{\"n\":1}", null);
        send(producer, topic, 0, "\"y\"", "{\"n\":2}", null);
        producer.flush();
        await().atMost(Duration.ofMinutes(1)).until(() -> es.count(topic) == 2);
        assertThat(SinkItSupport.tasksInState(stack, "assigned-refused", "RUNNING")).isTrue();
      } finally {
        stack.cluster().deleteConnector("assigned-refused");
      }
    }
  }

  /** Writes to a concrete index named like the topic, without the resync alias layout. */
  private static Map<String, String> plainSinkConfig(String topic, String url) {
    Map<String, String> config = SinkItSupport.sinkConfig(topic, url);
    config.put("resync.enabled", "false");
    return config;
  }
}
