package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.SharedServices;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink against a real worker (packaged plugin) and a real Elasticsearch node. */
class ElasticsearchSinkIT {
  private static ConnectStack stack;
  private static ElasticsearchProbe es;
  private static String esUrl;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() {
    esUrl = SharedServices.elasticsearch().url();
    es = new ElasticsearchProbe(esUrl);
    stack = ConnectStack.builder("sink-it").start();
    producer = SinkItSupport.producer(stack);
  }

  @AfterAll
  static void stop() {
    producer.close();
    stack.close();
  }

  @Test
  void indexesUpdatesAndDeletesByKey() {
    String topic = "mongodb.shop.crud";
    stack.kafka().createTopic(topic, 1);
    send(producer, topic, null, "a", "{\"n\":1}", 1L);
    send(producer, topic, null, "b", "{\"n\":1}", 1L);
    send(producer, topic, null, "c", "{\"n\":1}", null);
    send(producer, topic, null, "a", "{\"n\":2,\"name\":\"x\"}", 2L);
    send(producer, topic, null, "b", null, 2L);
    producer.flush();
    stack.cluster().configureConnector("crud", SinkItSupport.sinkConfig(topic, esUrl));
    awaitTaskRunning(stack, "crud");

    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              assertThat(es.count(topic)).isEqualTo(2);
              assertThat(es.source(topic, "a").path("n").asInt()).isEqualTo(2);
              assertThat(es.source(topic, "b")).isNull();
              assertThat(es.source(topic, "c").path("n").asInt()).isEqualTo(1);
            });
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(committed("crud", topic, 0)).isEqualTo(5L));
    stack.cluster().deleteConnector("crud");
  }

  @Test
  void replayOfOlderVersionsChangesNothing() {
    String topic = "mongodb.shop.replay";
    stack.kafka().createTopic(topic, 1);
    stack.cluster().configureConnector("replay", SinkItSupport.sinkConfig(topic, esUrl));
    awaitTaskRunning(stack, "replay");
    send(producer, topic, null, "k1", "{\"state\":\"new\"}", 10L);
    send(producer, topic, null, "k2", "{\"state\":\"new\"}", 10L);
    send(producer, topic, null, "k3", "{\"state\":\"new\"}", 10L);
    producer.flush();
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(es.count(topic)).isEqualTo(3));

    // A replay of earlier history: an older index and an older delete change nothing.
    send(producer, topic, null, "k1", "{\"state\":\"old\"}", 5L);
    send(producer, topic, null, "k2", null, 9L);
    // Writes of one MongoDB transaction share a version: the last one wins, even a delete.
    send(producer, topic, null, "k3", "{\"state\":\"same transaction\"}", 10L);
    send(producer, topic, null, "t1", "{\"state\":\"inserted\"}", 20L);
    send(producer, topic, null, "t1", null, 20L);
    send(producer, topic, null, "marker", "{\"state\":\"done\"}", 1L);
    producer.flush();
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(committed("replay", topic, 0)).isEqualTo(9L));

    assertThat(es.count(topic)).isEqualTo(4);
    assertThat(es.source(topic, "k1").path("state").asText()).isEqualTo("new");
    assertThat(es.source(topic, "k2").path("state").asText()).isEqualTo("new");
    assertThat(es.source(topic, "k3").path("state").asText()).isEqualTo("same transaction");
    assertThat(es.source(topic, "t1")).isNull();
    assertThat(SinkItSupport.tasksInState(stack, "replay", "RUNNING")).isTrue();
    stack.cluster().deleteConnector("replay");
  }

  private long committed(String connector, String topic, int partition) {
    return SinkItSupport.committed(stack, connector, topic, partition);
  }
}
