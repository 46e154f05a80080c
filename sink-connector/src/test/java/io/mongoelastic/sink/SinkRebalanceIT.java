package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.SharedServices;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** Workers join and leave while bulks are in flight; Elasticsearch ends equal to the topic. */
class SinkRebalanceIT {

  @Test
  void endsEqualToTheTopicAfterWorkersJoinAndLeaveMidStream() throws Exception {
    String esUrl = SharedServices.elasticsearch().url();
    ElasticsearchProbe es = new ElasticsearchProbe(esUrl);
    try (ConnectStack stack = ConnectStack.builder("sink-rebalance").workers(2).start();
        KafkaProducer<byte[], byte[]> producer = SinkItSupport.producer(stack)) {
      String topic = "mongodb.shop.rebalance";
      stack.kafka().createTopic(topic, 4);
      Map<String, String> config = SinkItSupport.sinkConfig(topic, esUrl);
      config.put("tasks.max", "3");
      config.put("bulk.max.actions", "100");
      stack.cluster().configureConnector("rebalance", config);
      awaitTaskRunning(stack, "rebalance");

      Map<String, String> finalState = new HashMap<>();
      long version = 0;
      for (int round = 0; round < 6; round++) {
        for (int i = 0; i < 1_000; i++) {
          String key = "k" + ThreadLocalRandom.current().nextInt(300);
          version++;
          boolean delete = ThreadLocalRandom.current().nextInt(10) == 0;
          String value = delete ? null : "{\"v\":" + version + "}";
          send(producer, topic, null, key, value, version);
          finalState.put(key, value == null ? null : Long.toString(version));
        }
        producer.flush();
        if (round == 1) {
          stack.cluster().addWorker();
        } else if (round == 3) {
          stack.cluster().removeWorker();
        }
      }
      long expected = finalState.values().stream().filter(v -> v != null).count();
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThat(es.count(topic)).isEqualTo(expected));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                Map<String, String> actual = new HashMap<>();
                for (JsonNode hit : es.allHits(topic)) {
                  actual.put(hit.path("_id").asText(), hit.path("_source").path("v").asText());
                }
                Map<String, String> present = new HashMap<>();
                finalState.forEach(
                    (k, v) -> {
                      if (v != null) {
                        present.put(k, v);
                      }
                    });
                assertThat(actual).isEqualTo(present);
              });
      assertThat(SinkItSupport.tasksInState(stack, "rebalance", "RUNNING")).isTrue();
    }
  }
}
