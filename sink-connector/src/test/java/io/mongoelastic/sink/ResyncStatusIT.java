package io.mongoelastic.sink;

import static io.mongoelastic.sink.ResyncItSupport.awaitSwappedTo;
import static io.mongoelastic.sink.ResyncItSupport.markers;
import static io.mongoelastic.sink.ResyncItSupport.snapshot;
import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongoelastic.common.crypto.KeyFiles;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.HarnessPaths;
import io.mongoelastic.harness.SharedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /mongoelastic/status} (the REST extension, loaded from the packaged config provider
 * plugin installed beside the sink) says that a resync runs, why, and which index is being filled;
 * then that it completed.
 */
class ResyncStatusIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void statusShowsWhyAResyncRunsAndWhereTheAliasPoints() throws Exception {
    String esUrl = SharedServices.elasticsearch().url();
    ElasticsearchProbe es = new ElasticsearchProbe(esUrl);
    String topic = ResyncItSupport.freshTopic("status");
    Files.createDirectories(HarnessPaths.workDir());
    Path keys = Files.createTempDirectory(HarnessPaths.workDir(), "resync-status-keys-");
    KeyFiles.generate(keys, "worker");
    try (ConnectStack stack =
            ConnectStack.builder("resync-status")
                .mongoElasticWorkerPlugins(esUrl, keys, "unused")
                .start();
        KafkaProducer<byte[], byte[]> producer = SinkItSupport.producer(stack)) {
      stack.kafka().createTopic(topic, 1);
      Map<String, String> config = new HashMap<>(SinkItSupport.sinkConfig(topic, esUrl));
      config.put("resync.state.refresh.ms", "500");
      stack.cluster().configureConnector("status", config);
      awaitTaskRunning(stack, "status");
      markers(producer, topic, 1, "snapshot_start", "s1", "initial");
      snapshot(producer, topic, 0, 20, 100);
      markers(producer, topic, 1, "snapshot_end", "s1", "initial");
      awaitSwappedTo(es, topic, topic + "-000001");

      markers(producer, topic, 1, "snapshot_start", "s2", "user_requested");
      snapshot(producer, topic, 0, 10, 200);
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                JsonNode sink = sinkStatus(stack);
                assertThat(sink.path("phase").asText()).isEqualTo("resync");
                JsonNode resync = sink.path("resync").get(0);
                assertThat(resync.path("logicalIndex").asText()).isEqualTo(topic);
                assertThat(resync.path("phase").asText()).isEqualTo("filling");
                assertThat(resync.path("reason").asText()).isEqualTo("user_requested");
                assertThat(resync.path("pendingSnapshotId").asText()).isEqualTo("s2");
                assertThat(resync.path("currentIndex").asText()).isEqualTo(topic + "-000001");
                assertThat(resync.path("pendingIndex").asText()).isEqualTo(topic + "-000002");
              });

      markers(producer, topic, 1, "snapshot_end", "s2", "user_requested");
      awaitSwappedTo(es, topic, topic + "-000002");
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                JsonNode sink = sinkStatus(stack);
                assertThat(sink.path("phase").asText()).isEqualTo("streaming");
                JsonNode resync = sink.path("resync").get(0);
                assertThat(resync.path("phase").asText()).isEqualTo("idle");
                assertThat(resync.path("currentIndex").asText()).isEqualTo(topic + "-000002");
                assertThat(resync.path("lastCompletedSnapshotId").asText()).isEqualTo("s2");
              });
    }
  }

  private static JsonNode sinkStatus(ConnectStack stack) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.restUrl() + "mongoelastic/status")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    for (JsonNode connector : JSON.readTree(response.body()).path("connectors")) {
      if ("status".equals(connector.path("name").asText())) {
        return connector;
      }
    }
    throw new AssertionError("no sink in " + response.body());
  }
}
