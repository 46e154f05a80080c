package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mongoelastic.harness.ElasticsearchNode;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.ElasticsearchProbe.Reply;
import io.mongoelastic.harness.SharedServices;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rejections, outages and refused documents: nothing lost, the task keeps running. */
class SinkFailureHandlingIT {
  @RegisterExtension
  static final SinkWorkerExtension WORKER = new SinkWorkerExtension("sink-failures");

  @Test
  void retriesOnlyRejectedItemsAndLandsThemAll() throws Exception {
    String url = SharedServices.elasticsearch().url();
    ElasticsearchProbe es = new ElasticsearchProbe(url);
    String topic = "mongodb.shop.rejections";
    WORKER.stack().kafka().createTopic(topic, 1);
    try (FaultInjectingProxy proxy = new FaultInjectingProxy(url, id -> id.hashCode() % 3 == 0)) {
      Map<String, String> config = SinkItSupport.sinkConfig(topic, proxy.url());
      config.put("bulk.max.actions", "50");
      WORKER.stack().cluster().configureConnector("rejections", config);
      awaitTaskRunning(WORKER.stack(), "rejections");
      for (int i = 0; i < 300; i++) {
        send(WORKER.producer(), topic, null, "doc-" + i, "{\"i\":" + i + "}", 1L);
      }
      WORKER.producer().flush();
      await().atMost(Duration.ofMinutes(2)).until(() -> es.count(topic) == 300);

      assertThat(proxy.rejectedItems()).isGreaterThan(50);
      for (int i = 0; i < 300; i++) {
        String id = "doc-" + i;
        int expected = id.hashCode() % 3 == 0 ? 2 : 1;
        assertThat(proxy.receivedCount(id)).as("attempts of %s", id).isEqualTo(expected);
      }
      assertThat(SinkItSupport.tasksInState(WORKER.stack(), "rejections", "RUNNING")).isTrue();
      WORKER.stack().cluster().deleteConnector("rejections");
    }
  }

  @Test
  void reportsMappingConflictToDeadLetterQueueAndLandsTheRest() {
    String url = SharedServices.elasticsearch().url();
    ElasticsearchProbe es = new ElasticsearchProbe(url);
    String topic = "mongodb.shop.conflicts";
    String dlq = "sink-dlq";
    WORKER.stack().kafka().createTopic(topic, 1);
    es.put("/" + topic, "{\"mappings\":{\"properties\":{\"n\":{\"type\":\"long\"}}}}");
    Map<String, String> config = SinkItSupport.sinkConfig(topic, url);
    config.put("behavior.on.malformed.documents", "report");
    config.put("behavior.on.mapping.errors", "malformed"); // no fallback: straight to the queue
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", dlq);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    WORKER.stack().cluster().configureConnector("conflicts", config);
    awaitTaskRunning(WORKER.stack(), "conflicts");
    send(WORKER.producer(), topic, null, "ok-1", "{\"n\":1}", 1L);
    send(WORKER.producer(), topic, null, "bad", "{\"n\":\"not a number\"}", 1L);
    send(WORKER.producer(), topic, null, "ok-2", "{\"n\":2}", 1L);
    WORKER.producer().flush();

    await().atMost(Duration.ofMinutes(1)).until(() -> es.count(topic) == 2);
    ConsumerRecords<byte[], byte[]> dead = WORKER.stack().kafka().consume(1, 60_000, dlq);
    ConsumerRecord<byte[], byte[]> record = dead.iterator().next();
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("bad");
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                assertThat(SinkItSupport.committed(WORKER.stack(), "conflicts", topic, 0))
                    .isEqualTo(3L));
    assertThat(es.source(topic, "bad")).isNull();
    assertThat(SinkItSupport.tasksInState(WORKER.stack(), "conflicts", "RUNNING")).isTrue();
    WORKER.stack().cluster().deleteConnector("conflicts");
  }

  @Test
  void keepsRefusedFieldsUnindexedAndDeadLettersOnlyWhatCannotBeStored() throws Exception {
    String url = SharedServices.elasticsearch().url();
    ElasticsearchProbe es = new ElasticsearchProbe(url);
    String drift = "mongodb.shop.drift";
    String strict = "mongodb.shop.strict";
    String dlq = "sink-dlq-fallback";
    WORKER.stack().kafka().createTopic(drift, 1);
    WORKER.stack().kafka().createTopic(strict, 1);
    // The user's own strict index has no room for the fallback's fields.
    es.put(
        "/" + strict,
        "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"n\":{\"type\":\"long\"}}}}");
    Map<String, String> config = SinkItSupport.sinkConfig(drift + "," + strict, url);
    config.put("behavior.on.malformed.documents", "report");
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", dlq);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    WORKER.stack().cluster().configureConnector("fallback", config);
    awaitTaskRunning(WORKER.stack(), "fallback");
    send(WORKER.producer(), drift, null, "number", "{\"n\":1,\"d\":0.1}", 1L);
    WORKER.producer().flush();
    await().atMost(Duration.ofMinutes(1)).until(() -> es.count(drift) == 1);
    send(
        WORKER.producer(),
        drift,
        null,
        "object",
        "{\"n\":{\"o\":1},\"d\":1.7976931348623157E308}",
        1L);
    send(
        WORKER.producer(),
        drift,
        null,
        "meta",
        "{\"_source\":5,\"n\":2,\"mix\":[1,{\"a\":1}]}",
        1L);
    send(WORKER.producer(), strict, null, "fits", "{\"n\":1}", 1L);
    send(WORKER.producer(), strict, null, "refused", "{\"n\":{\"o\":1}}", 1L);
    WORKER.producer().flush();

    await().atMost(Duration.ofMinutes(1)).until(() -> es.count(drift) == 3);
    assertThat(es.source(drift, "object").at("/_mongoelastic/stored/0/value").toString())
        .isEqualTo("{\"o\":1}");
    assertThat(es.source(drift, "object").path("d").doubleValue()).isEqualTo(Double.MAX_VALUE);
    assertThat(es.source(drift, "meta").at("/_mongoelastic/unindexed").toString())
        .isEqualTo("[\"_source\",\"mix\"]");
    assertThat(es.source(drift, "meta").path("n").asInt()).isEqualTo(2);
    Reply marked =
        es.post(
            "/" + drift + "/_count",
            "{\"query\":{\"term\":{\"_mongoelastic.unindexed\":\"mix\"}}}");
    assertThat(marked.body().path("count").asLong()).isEqualTo(1);

    ConsumerRecords<byte[], byte[]> dead = WORKER.stack().kafka().consume(1, 60_000, dlq);
    ConsumerRecord<byte[], byte[]> record = dead.iterator().next();
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("refused");
    assertThat(
            new String(
                record.headers().lastHeader("__connect.errors.exception.message").value(),
                StandardCharsets.UTF_8))
        .contains("strict");
    await().atMost(Duration.ofMinutes(1)).until(() -> es.count(strict) == 1);
    ObjectName metrics =
        new ObjectName("io.mongoelastic:type=sink-task,connector=\"fallback\",task=\"0\"");
    assertThat(
            (Long)
                ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(metrics, "KeptUnindexedTotal"))
        .isEqualTo(2);
    assertThat(SinkItSupport.tasksInState(WORKER.stack(), "fallback", "RUNNING")).isTrue();
    WORKER.stack().cluster().deleteConnector("fallback");
  }

  @Test
  void survivesElasticsearchRestartMidStreamWithoutLosingRecords() throws Exception {
    ElasticsearchNode node = ElasticsearchNode.builder().start();
    try {
      ElasticsearchProbe es = new ElasticsearchProbe(node.url());
      String topic = "mongodb.shop.outage";
      WORKER.stack().kafka().createTopic(topic, 2);
      Map<String, String> config = SinkItSupport.sinkConfig(topic, node.url());
      config.put("elasticsearch.connect.timeout.ms", "1000");
      config.put("elasticsearch.read.timeout.ms", "5000");
      WORKER.stack().cluster().configureConnector("outage", config);
      awaitTaskRunning(WORKER.stack(), "outage");

      AtomicBoolean taskEverFailed = new AtomicBoolean();
      Thread watcher =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  if (SinkItSupport.tasksInState(WORKER.stack(), "outage", "FAILED")) {
                    taskEverFailed.set(true);
                  }
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      watcher.start();
      for (int i = 0; i < 200; i++) {
        send(WORKER.producer(), topic, null, "d" + i, "{\"i\":" + i + "}", 1L);
      }
      WORKER.producer().flush();
      await().atMost(Duration.ofMinutes(1)).until(() -> es.count(topic) == 200);

      node.stop();
      for (int i = 200; i < 600; i++) {
        send(WORKER.producer(), topic, null, "d" + i, "{\"i\":" + i + "}", 1L);
        if (i % 100 == 0) {
          WORKER.producer().flush();
          Thread.sleep(2_000);
        }
      }
      WORKER.producer().flush();
      Thread.sleep(5_000);
      node.start();
      await().atMost(Duration.ofMinutes(3)).until(() -> es.count(topic) == 600);
      watcher.interrupt();
      watcher.join();

      assertThat(taskEverFailed).isFalse();
      assertThat(SinkItSupport.tasksInState(WORKER.stack(), "outage", "RUNNING")).isTrue();
      WORKER.stack().cluster().deleteConnector("outage");
    } finally {
      node.stop();
    }
  }
}
