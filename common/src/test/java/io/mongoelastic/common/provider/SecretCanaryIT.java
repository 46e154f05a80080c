package io.mongoelastic.common.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mongoelastic.common.cli.WorkerPublicKeys;
import io.mongoelastic.common.crypto.EncryptionKey;
import io.mongoelastic.common.crypto.KeyFiles;
import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.HarnessPaths;
import io.mongoelastic.harness.SharedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A secret written encrypted and used by a running connector never shows up in the worker's REST
 * answers, logs or Kafka topics.
 */
class SecretCanaryIT {
  static final String INDEX = "it-canary-config";
  static final String CANARY = "canary-7f3e9b1c-do-not-leak";
  static final String CONNECTOR = "org.apache.kafka.connect.integration.TestableSourceConnector";

  static ConnectStack stack;
  static ElasticsearchConnectionConfig es;

  @BeforeAll
  static void startWorker() throws Exception {
    String esUrl = SharedServices.elasticsearch().url();
    es = ElasticsearchConnectionConfig.from(Map.of("elasticsearch.urls", esUrl));
    Files.createDirectories(HarnessPaths.workDir());
    Path keys = Files.createTempDirectory(HarnessPaths.workDir(), "canary-keys-");
    KeyFiles.generate(keys, "mongoelastic-20260101-000000");
    stack =
        ConnectStack.builder("canary-it")
            .mongoElasticWorkerPlugins(esUrl, keys, "canary")
            .workerProperty("config.providers.es.param.config.index", INDEX)
            .workerProperty("config.providers.es.param.cache.ttl.ms", "3000")
            .start();
  }

  @AfterAll
  static void stopWorker() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void encryptedCanaryNeverAppearsInRestAnswersLogsOrTopics() throws Exception {
    EncryptionKey key = WorkerPublicKeys.fetch(stack.restUrl() + "mongoelastic/keys").get(0);
    try (ConfigDocumentWriter writer = ConfigDocumentWriter.create(es, INDEX, key)) {
      writer.writeField("canary", "db.password", CANARY, true);
      writer.writeField("canary", "topic.name", "canary-topic", true);
    }
    stack.kafka().createTopic("canary-topic", 1);
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", CONNECTOR);
    config.put("tasks.max", "1");
    config.put("topic", "${es:canary:topic.name}");
    config.put("throughput", "20");
    config.put("messages.per.poll", "5");
    config.put("db.password", "${es:canary:db.password}");
    stack.cluster().configureConnector("canary", config);
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(stack.cluster().connectorStatus("canary").connector().state())
                  .isEqualTo("RUNNING");
              assertThat(stack.cluster().connectorStatus("canary").tasks()).hasSize(1);
            });
    // Records in the topic named by an encrypted field: the task ran with decrypted settings.
    assertThat(stack.kafka().consume(5, 60_000, "canary-topic").count()).isGreaterThanOrEqualTo(5);
    // Let at least one TTL-driven restart happen, so the reload path is covered too.
    Thread.sleep(4_000);

    String validate =
        send(
            "PUT",
            "connector-plugins/TestableSourceConnector/config/validate",
            new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(config));
    assertThat(validate).startsWith("200 ");
    for (String path :
        List.of(
            "connectors/canary",
            "connectors/canary/config",
            "connectors/canary/tasks",
            "connectors/canary/status",
            "connectors/canary/tasks/0/status",
            "connectors?expand=info&expand=status")) {
      String answer = send("GET", path, null);
      assertThat(answer).as(path).startsWith("200 ").doesNotContain(CANARY);
    }
    assertThat(send("GET", "connectors/canary/config", null)).contains("${es:canary:db.password}");
    assertThat(validate).doesNotContain(CANARY);

    String topics = allTopicContents();
    assertThat(topics)
        .as("internal topics hold the placeholder")
        .contains("${es:canary:db.password}");
    assertThat(topics).doesNotContain(CANARY);

    Path log = Path.of("target/failsafe-reports", SecretCanaryIT.class.getName() + "-output.txt");
    // The captured output reaches the file asynchronously, and lines of different threads in no
    // fixed order: wait until both the restart line and the test connector's own line are there.
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                assertThat(Files.readString(log, StandardCharsets.UTF_8))
                    .as("worker log is captured")
                    .contains("Scheduling a restart of connector canary")
                    .as("the check can fail: the test connector did log it")
                    .contains(CANARY));
    String logs = Files.readString(log, StandardCharsets.UTF_8);
    // Kafka's test connector logs its own task properties verbatim (a connector that logs its
    // settings reveals them; see docs/security.md). Every other line, the worker's and ours,
    // must be clean.
    String testConnector = "org.apache.kafka.connect.integration.TestableSourceConnector - ";
    List<String> leaking =
        logs.lines().filter(l -> l.contains(CANARY) && !l.contains(testConnector)).toList();
    assertThat(leaking).isEmpty();
  }

  private static String allTopicContents() throws Exception {
    Set<String> names;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      names = admin.listTopics().names().get();
    }
    StringBuilder all = new StringBuilder();
    ConsumerRecords<byte[], byte[]> records =
        stack.kafka().consumeAll(30_000, names.toArray(new String[0]));
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (record.key() != null) {
        all.append(new String(record.key(), StandardCharsets.UTF_8)).append('\n');
      }
      if (record.value() != null) {
        all.append(new String(record.value(), StandardCharsets.UTF_8)).append('\n');
      }
    }
    assertThat(names).anyMatch(n -> n.startsWith("connect-config"));
    return all.toString();
  }

  private static String send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.restUrl() + path))
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
