package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Per-document options against a real worker and node: routing from the key, upserts that merge
 * fields, and the settings and mapping the sink applies when it creates an index.
 */
class SinkDocumentOptionsIT {
  private static ConnectStack stack;
  private static ElasticsearchProbe es;
  private static String esUrl;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() {
    esUrl = SharedServices.elasticsearch().url();
    es = new ElasticsearchProbe(esUrl);
    stack = ConnectStack.builder("sink-document-options").start();
    producer = SinkItSupport.producer(stack);
  }

  @AfterAll
  static void stop() {
    producer.close();
    stack.close();
  }

  @Test
  void routesEveryWriteOfADocumentByItsKey() {
    String topic = freshTopic("options.routing");
    // A mapping that requires routing: a write or delete without it would be refused.
    Map<String, String> config = SinkItSupport.sinkConfig(topic, esUrl);
    config.put("routing.from.key", "true");
    config.put("index.mapping", "{\"_routing\":{\"required\":true}}");
    send(producer, topic, null, "user-1", "{\"name\":\"one\"}", null);
    send(producer, topic, null, "user-2", "{\"name\":\"two\"}", null);
    send(producer, topic, null, "user-2", null, null);
    send(producer, topic, null, "user-3", "{\"name\":\"three\"}", null);
    producer.flush();
    runUntilCommitted("options-routing", config, topic, 4);
    JsonNode hit = es.get("/" + topic + "/_doc/user-1?routing=user-1").body();
    assertThat(hit.path("found").asBoolean()).isTrue();
    assertThat(hit.path("_routing").asText()).isEqualTo("user-1");
    assertThat(hit.path("_source").path("name").asText()).isEqualTo("one");
    // The tombstone was routed too, so the delete found its document.
    assertThat(es.get("/" + topic + "/_doc/user-2?routing=user-2").status()).isEqualTo(404);
    assertThat(es.count(topic)).isEqualTo(2);
    assertThat(SinkItSupport.tasksInState(stack, "options-routing", "RUNNING")).isTrue();
    stack.cluster().deleteConnector("options-routing");
  }

  @Test
  void upsertMergesFieldsIntoTheStoredDocument() {
    String topic = freshTopic("options.upsert");
    Map<String, String> config = SinkItSupport.sinkConfig(topic, esUrl);
    config.put("write.method", "upsert");
    config.put("document.version.source", "none");
    send(producer, topic, null, "p1", "{\"name\":\"pen\",\"price\":2}", null);
    send(producer, topic, null, "p1", "{\"price\":3,\"stock\":10}", null);
    send(producer, topic, null, "p2", "{\"name\":\"ink\"}", null);
    producer.flush();
    runUntilCommitted("options-upsert", config, topic, 3);
    JsonNode merged = es.source(topic, "p1");
    // The first write created the document (upsert), the second merged into it.
    assertThat(merged.path("name").asText()).isEqualTo("pen");
    assertThat(merged.path("price").asInt()).isEqualTo(3);
    assertThat(merged.path("stock").asInt()).isEqualTo(10);
    assertThat(es.source(topic, "p2").path("name").asText()).isEqualTo("ink");
    stack.cluster().deleteConnector("options-upsert");
  }

  @Test
  void createsTheIndexWithTheConfiguredSettingsAndMapping() {
    String topic = freshTopic("options.created");
    Map<String, String> config = SinkItSupport.sinkConfig(topic, esUrl);
    config.put(
        "index.settings",
        "{\"number_of_shards\":2,\"number_of_replicas\":0,\"refresh_interval\":\"7s\"}");
    config.put(
        "index.mapping",
        "{\"dynamic\":\"false\",\"properties\":{\"code\":{\"type\":\"keyword\"},"
            + "\"when\":{\"type\":\"date\",\"format\":\"yyyy-MM-dd\"}}}");
    send(producer, topic, null, "c1", "{\"code\":\"A-1\",\"when\":\"2026-11-28\",\"x\":1}", null);
    producer.flush();
    runUntilCommitted("options-created", config, topic, 1);
    // The index name is an alias over a physical index: read the one index it resolves to.
    JsonNode settings =
        es.get("/" + topic + "/_settings").body().elements().next().path("settings");
    assertThat(settings.path("index").path("number_of_shards").asText()).isEqualTo("2");
    assertThat(settings.path("index").path("refresh_interval").asText()).isEqualTo("7s");
    JsonNode mappings = es.get("/" + topic + "/_mapping").body().elements().next().path("mappings");
    assertThat(mappings.path("dynamic").asText()).isEqualTo("false");
    assertThat(mappings.path("properties").path("code").path("type").asText()).isEqualTo("keyword");
    assertThat(mappings.path("properties").path("when").path("format").asText())
        .isEqualTo("yyyy-MM-dd");
    // dynamic=false: the unmapped field is kept in _source but not added to the mapping.
    assertThat(mappings.path("properties").has("x")).isFalse();
    assertThat(es.source(topic, "c1").path("x").asInt()).isEqualTo(1);
    stack.cluster().deleteConnector("options-created");
  }

  /** A new topic of one partition, and no index of that name left from an earlier run. */
  private static String freshTopic(String topic) {
    stack.kafka().createTopic(topic, 1);
    es.delete("/" + topic);
    return topic;
  }

  /** Starts the connector and waits until it committed the topic's records. */
  private static void runUntilCommitted(
      String connector, Map<String, String> config, String topic, long records) {
    stack.cluster().configureConnector(connector, config);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> SinkItSupport.committed(stack, connector, topic, 0) == records);
  }
}
