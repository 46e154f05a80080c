package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink's consumer group reflects what Elasticsearch acknowledged within seconds, with the
 * worker's default commit interval of 60 s (a source pacing its snapshot reads this group's lag).
 */
class SinkPromptCommitIT {
  private static final int RECORDS = 300;

  private static Admin admin;

  @RegisterExtension
  static final SinkWorkerExtension WORKER =
      new SinkWorkerExtension("sink-prompt-commit")
          .workerProperty("offset.flush.interval.ms", "60000");

  @BeforeAll
  static void start() {
    admin = WORKER.stack().kafka().createAdminClient();
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  @Test
  void groupCommitsAcknowledgedOffsetsWithinSecondsOfTheLastAck() throws Exception {
    String topic = "mongodb.shop.prompt";
    runSink("prompt", topic, Map.of());
    await().atMost(Duration.ofMinutes(1)).until(() -> WORKER.es().count(topic) == RECORDS);
    // The documents are searchable, so acknowledged; the worker's own commit is 60 s away.
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(groupOffset("prompt", topic)).isEqualTo(RECORDS));
    WORKER.stack().cluster().deleteConnector("prompt");
  }

  @Test
  void withoutRequestsTheGroupWaitsForTheWorkersInterval() throws Exception {
    String topic = "mongodb.shop.lazy";
    runSink("lazy", topic, Map.of(BulkConfig.OFFSET_COMMIT_REQUEST_INTERVAL_MS, "0"));
    await().atMost(Duration.ofMinutes(1)).until(() -> WORKER.es().count(topic) == RECORDS);
    Thread.sleep(5_000);
    assertThat(groupOffset("lazy", topic))
        .as("the premise of the test above: no commit before the worker's interval")
        .isLessThan(RECORDS);
    WORKER.stack().cluster().deleteConnector("lazy");
  }

  private void runSink(String connector, String topic, Map<String, String> extra) {
    WORKER.stack().kafka().createTopic(topic, 1);
    Map<String, String> config = SinkItSupport.sinkConfig(topic, WORKER.esUrl());
    config.putAll(extra);
    WORKER.stack().cluster().configureConnector(connector, config);
    awaitTaskRunning(WORKER.stack(), connector);
    // Records arrive after the task's first poll, so the worker's first commit is 60 s away.
    for (int i = 0; i < RECORDS; i++) {
      send(WORKER.producer(), topic, null, "k" + i, "{\"n\":" + i + "}", 1L);
    }
    WORKER.producer().flush();
  }

  private static long groupOffset(String connector, String topic)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets("connect-" + connector)
            .partitionsToOffsetAndMetadata()
            .get();
    OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
    return offset == null ? -1 : offset.offset();
  }
}
