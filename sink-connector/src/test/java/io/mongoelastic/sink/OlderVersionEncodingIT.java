package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mongoelastic.common.record.SourceVersion;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.SharedServices;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * An index written by a build that stamped {@code seconds << 32} versions refuses every newer write
 * as stale; the sink must fail with the remedy instead of counting the writes as done.
 */
class OlderVersionEncodingIT {

  @Test
  void failsWithTheResyncAdviceInsteadOfDroppingWritesAsStale() {
    String url = SharedServices.elasticsearch().url();
    ElasticsearchProbe es = new ElasticsearchProbe(url);
    String topic = "mongodb.shop.legacy" + System.nanoTime();
    int now = (int) (System.currentTimeMillis() / 1000);
    long writtenByEarlierBuild = Integer.toUnsignedLong(now - 3600) << 32 | 1;
    assertThat(
            es.put(
                    "/" + topic + "/_doc/k1?version_type=external&version=" + writtenByEarlierBuild,
                    "{\"n\":0}")
                .status())
        .isEqualTo(201);
    try (ConnectStack stack = ConnectStack.builder("sink-older-versions").start();
        KafkaProducer<byte[], byte[]> producer = SinkItSupport.producer(stack)) {
      stack.kafka().createTopic(topic, 1);
      stack.cluster().configureConnector("legacy", SinkItSupport.sinkConfig(topic, url));
      awaitTaskRunning(stack, "legacy");
      send(producer, topic, null, "k1", "{\"n\":1}", SourceVersion.of(now, 1));
      producer.flush();

      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> SinkItSupport.tasksInState(stack, "legacy", "FAILED"));
      assertThat(SinkItSupport.taskTrace(stack, "legacy"))
          .contains("version from an earlier build", "Resync the index");
      assertThat(es.source(topic, "k1").path("n").asInt()).isZero();
    }
  }
}
