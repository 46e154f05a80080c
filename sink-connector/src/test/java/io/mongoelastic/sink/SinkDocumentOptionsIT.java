package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-document options against a real worker and node: routing from the key, upserts that merge
 * fields, and the settings and mapping the sink applies when it creates an index.
 */
class SinkDocumentOptionsIT {
  @RegisterExtension
  static final SinkWorkerExtension WORKER = new SinkWorkerExtension("sink-document-options");

  @Test
  void routesEveryWriteOfADocumentByItsKey() {
    String topic = freshTopic("options.routing");
    // A mapping that requires routing: a write or delete without it would be refused.
    Map<String, String> config = SinkItSupport.sinkConfig(topic, WORKER.esUrl());
    config.put("routing.from.key", "true");
    config.put("index.mapping", "{\"_routing\":{\"required\":true}}");
    send(WORKER.producer(), topic, null, "user-1", "{\"name\":\"one\"}", null);
    send(WORKER.producer(), topic, null, "user-2", "{\"name\":\"two\"}", null);
    send(WORKER.producer(), topic, null, "user-2", null, null);
    send(WORKER.producer(), topic, null, "user-3", "{\"name\":\"three\"}", null);
    WORKER.producer().flush();
    runUntilCommitted("options-routing", config, topic, 4);
    JsonNode hit = WORKER.es().get("/" + topic + "/_doc/user-1?routing=user-1").body();
    assertThat(hit.path("found").asBoolean()).isTrue();
    assertThat(hit.path("_routing").asText()).isEqualTo("user-1");
    assertThat(hit.path("_source").path("name").asText()).isEqualTo("one");
    // The tombstone was routed too, so the delete found its document.
    assertThat(WORKER.es().get("/" + topic + "/_doc/user-2?routing=user-2").status())
        .isEqualTo(404);
    assertThat(WORKER.es().count(topic)).isEqualTo(2);
    assertThat(SinkItSupport.tasksInState(WORKER.stack(), "options-routing", "RUNNING")).isTrue();
    WORKER.stack().cluster().deleteConnector("options-routing");
  }

  @Test
  void upsertMergesFieldsIntoTheStoredDocument() {
    String topic = freshTopic("options.upsert");
    Map<String, String> config = SinkItSupport.sinkConfig(topic, WORKER.esUrl());
    config.put("write.method", "upsert");
    config.put("document.version.source", "none");
    send(WORKER.producer(), topic, null, "p1", "{\"name\":\"pen\",\"price\":2}", null);
    send(WORKER.producer(), topic, null, "p1", "{\"price\":3,\"stock\":10}", null);
    send(WORKER.producer(), topic, null, "p2", "{\"name\":\"ink\"}", null);
    WORKER.producer().flush();
    runUntilCommitted("options-upsert", config, topic, 3);
    JsonNode merged = WORKER.es().source(topic, "p1");
    // The first write created the document (upsert), the second merged into it.
    assertThat(merged.path("name").asText()).isEqualTo("pen");
    assertThat(merged.path("price").asInt()).isEqualTo(3);
    assertThat(merged.path("stock").asInt()).isEqualTo(10);
    assertThat(WORKER.es().source(topic, "p2").path("name").asText()).isEqualTo("ink");
    WORKER.stack().cluster().deleteConnector("options-upsert");
  }

  @Test
  void createsTheIndexWithTheConfiguredSettingsAndMapping() {
    String topic = freshTopic("options.created");
    Map<String, String> config = SinkItSupport.sinkConfig(topic, WORKER.esUrl());
    config.put(
        "index.settings",
        "{\"number_of_shards\":2,\"number_of_replicas\":0,\"refresh_interval\":\"7s\"}");
    config.put(
        "index.mapping",
        "{\"dynamic\":\"false\",\"properties\":{\"code\":{\"type\":\"keyword\"},"
            + "\"when\":{\"type\":\"date\",\"format\":\"yyyy-MM-dd\"}}}");
    send(
        WORKER.producer(),
        topic,
        null,
        "c1",
        "{\"code\":\"A-1\",\"when\":\"2026-11-28\",\"x\":1}",
        null);
    WORKER.producer().flush();
    runUntilCommitted("options-created", config, topic, 1);
    // The index name is an alias over a physical index: read the one index it resolves to.
    JsonNode settings =
        WORKER.es().get("/" + topic + "/_settings").body().elements().next().path("settings");
    assertThat(settings.path("index").path("number_of_shards").asText()).isEqualTo("2");
    assertThat(settings.path("index").path("refresh_interval").asText()).isEqualTo("7s");
    JsonNode mappings =
        WORKER.es().get("/" + topic + "/_mapping").body().elements().next().path("mappings");
    assertThat(mappings.path("dynamic").asText()).isEqualTo("false");
    assertThat(mappings.path("properties").path("code").path("type").asText()).isEqualTo("keyword");
    assertThat(mappings.path("properties").path("when").path("format").asText())
        .isEqualTo("yyyy-MM-dd");
    // dynamic=false: the unmapped field is kept in _source but not added to the mapping.
    assertThat(mappings.path("properties").has("x")).isFalse();
    assertThat(WORKER.es().source(topic, "c1").path("x").asInt()).isEqualTo(1);
    WORKER.stack().cluster().deleteConnector("options-created");
  }

  /** A new topic of one partition, and no index of that name left from an earlier run. */
  private static String freshTopic(String topic) {
    WORKER.stack().kafka().createTopic(topic, 1);
    WORKER.es().delete("/" + topic);
    return topic;
  }

  /** Starts the connector and waits until it committed the topic's records. */
  private static void runUntilCommitted(
      String connector, Map<String, String> config, String topic, long records) {
    WORKER.stack().cluster().configureConnector(connector, config);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> SinkItSupport.committed(WORKER.stack(), connector, topic, 0) == records);
  }
}
