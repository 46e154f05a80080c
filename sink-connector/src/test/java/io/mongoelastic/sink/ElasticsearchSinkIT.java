package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink against a real worker (packaged plugin) and a real Elasticsearch node. */
class ElasticsearchSinkIT {
  @RegisterExtension static final SinkWorkerExtension WORKER = new SinkWorkerExtension("sink-it");

  @Test
  void indexesUpdatesAndDeletesByKey() {
    String topic = "mongodb.shop.crud";
    WORKER.stack().kafka().createTopic(topic, 1);
    send(WORKER.producer(), topic, null, "a", "{\"n\":1}", 1L);
    send(WORKER.producer(), topic, null, "b", "{\"n\":1}", 1L);
    send(WORKER.producer(), topic, null, "c", "{\"n\":1}", null);
    send(WORKER.producer(), topic, null, "a", "{\"n\":2,\"name\":\"x\"}", 2L);
    send(WORKER.producer(), topic, null, "b", null, 2L);
    WORKER.producer().flush();
    WORKER
        .stack()
        .cluster()
        .configureConnector("crud", SinkItSupport.sinkConfig(topic, WORKER.esUrl()));
    awaitTaskRunning(WORKER.stack(), "crud");

    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              assertThat(WORKER.es().count(topic)).isEqualTo(2);
              assertThat(WORKER.es().source(topic, "a").path("n").asInt()).isEqualTo(2);
              assertThat(WORKER.es().source(topic, "b")).isNull();
              assertThat(WORKER.es().source(topic, "c").path("n").asInt()).isEqualTo(1);
            });
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(committed("crud", topic, 0)).isEqualTo(5L));
    WORKER.stack().cluster().deleteConnector("crud");
  }

  @Test
  void replayOfOlderVersionsChangesNothing() {
    String topic = "mongodb.shop.replay";
    WORKER.stack().kafka().createTopic(topic, 1);
    WORKER
        .stack()
        .cluster()
        .configureConnector("replay", SinkItSupport.sinkConfig(topic, WORKER.esUrl()));
    awaitTaskRunning(WORKER.stack(), "replay");
    send(WORKER.producer(), topic, null, "k1", "{\"state\":\"new\"}", 10L);
    send(WORKER.producer(), topic, null, "k2", "{\"state\":\"new\"}", 10L);
    send(WORKER.producer(), topic, null, "k3", "{\"state\":\"new\"}", 10L);
    WORKER.producer().flush();
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(WORKER.es().count(topic)).isEqualTo(3));

    // A replay of earlier history: an older index and an older delete change nothing.
    send(WORKER.producer(), topic, null, "k1", "{\"state\":\"old\"}", 5L);
    send(WORKER.producer(), topic, null, "k2", null, 9L);
    // Writes of one MongoDB transaction share a version: the last one wins, even a delete.
    send(WORKER.producer(), topic, null, "k3", "{\"state\":\"same transaction\"}", 10L);
    send(WORKER.producer(), topic, null, "t1", "{\"state\":\"inserted\"}", 20L);
    send(WORKER.producer(), topic, null, "t1", null, 20L);
    send(WORKER.producer(), topic, null, "marker", "{\"state\":\"done\"}", 1L);
    WORKER.producer().flush();
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(committed("replay", topic, 0)).isEqualTo(9L));

    assertThat(WORKER.es().count(topic)).isEqualTo(4);
    assertThat(WORKER.es().source(topic, "k1").path("state").asText()).isEqualTo("new");
    assertThat(WORKER.es().source(topic, "k2").path("state").asText()).isEqualTo("new");
    assertThat(WORKER.es().source(topic, "k3").path("state").asText())
        .isEqualTo("same transaction");
    assertThat(WORKER.es().source(topic, "t1")).isNull();
    assertThat(SinkItSupport.tasksInState(WORKER.stack(), "replay", "RUNNING")).isTrue();
    WORKER.stack().cluster().deleteConnector("replay");
  }

  private long committed(String connector, String topic, int partition) {
    return SinkItSupport.committed(WORKER.stack(), connector, topic, partition);
  }
}
