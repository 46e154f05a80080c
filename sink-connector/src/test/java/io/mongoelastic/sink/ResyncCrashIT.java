package io.mongoelastic.sink;

import static io.mongoelastic.sink.ResyncItSupport.aliasTargets;
import static io.mongoelastic.sink.ResyncItSupport.awaitSwappedTo;
import static io.mongoelastic.sink.ResyncItSupport.contents;
import static io.mongoelastic.sink.ResyncItSupport.markers;
import static io.mongoelastic.sink.ResyncItSupport.snapshot;
import static io.mongoelastic.sink.ResyncItSupport.state;
import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.SharedServices;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;

/**
 * A sink task killed between the last end marker and the alias swap: a proxy in front of
 * Elasticsearch refuses {@code POST /_aliases}, the worker running the task is stopped while the
 * state says "swapping", and the task that takes over on the other worker completes the swap.
 */
class ResyncCrashIT {

  @Test
  void swapCompletesAfterTheTaskIsKilledBetweenEndMarkerAndSwap() throws Exception {
    String esUrl = SharedServices.elasticsearch().url();
    ElasticsearchProbe es = new ElasticsearchProbe(esUrl);
    String topic = ResyncItSupport.freshTopic("crash");
    try (ConnectStack stack =
            ConnectStack.builder("resync-crash")
                .workers(2)
                // A stopped worker's task moves after 5 s instead of the default 5 minutes.
                .workerProperty("scheduled.rebalance.max.delay.ms", "5000")
                .start();
        KafkaProducer<byte[], byte[]> producer = SinkItSupport.producer(stack);
        FaultInjectingProxy proxy = new FaultInjectingProxy(esUrl, id -> false)) {
      stack.kafka().createTopic(topic, 2);
      Map<String, String> config = new HashMap<>(SinkItSupport.sinkConfig(topic, proxy.url()));
      config.put("resync.state.refresh.ms", "500");
      stack.cluster().configureConnector("crash", config);
      awaitTaskRunning(stack, "crash");

      markers(producer, topic, 2, "snapshot_start", "s1", "initial");
      snapshot(producer, topic, 0, 100, 100);
      markers(producer, topic, 2, "snapshot_end", "s1", "initial");
      awaitSwappedTo(es, topic, topic + "-000001");
      await().atMost(Duration.ofMinutes(1)).until(() -> es.count(topic) == 100);

      proxy.refuseAliasUpdates(true);
      markers(producer, topic, 2, "snapshot_start", "s2", "user_requested");
      snapshot(producer, topic, 0, 60, 200);
      markers(producer, topic, 2, "snapshot_end", "s2", "user_requested");
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  proxy.refusedAliasUpdates() > 0
                      && "swapping".equals(state(es, topic).path("phase").asText()));
      assertThat(aliasTargets(es, topic)).containsExactly(topic + "-000001");

      WorkerHandle running = workerRunningTask(stack, "crash");
      stack.cluster().removeWorker(running);
      proxy.refuseAliasUpdates(false);

      awaitSwappedTo(es, topic, topic + "-000002");
      Map<String, Long> expected = new HashMap<>();
      for (int i = 0; i < 60; i++) {
        expected.put("d" + i, 200L);
      }
      assertThat(contents(es, topic)).isEqualTo(expected);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> es.get("/" + topic + "-000001").status() == 404);
      awaitTaskRunning(stack, "crash");
      assertThat(stack.cluster().workers()).hasSize(1).doesNotContain(running);
    }
  }

  /** The worker whose REST port is the one the task's status names. */
  private static WorkerHandle workerRunningTask(ConnectStack stack, String connector) {
    String workerId = stack.cluster().connectorStatus(connector).tasks().get(0).workerId();
    String port = workerId.substring(workerId.lastIndexOf(':') + 1);
    List<WorkerHandle> matching =
        stack.cluster().workers().stream()
            .filter(worker -> String.valueOf(worker.url().getPort()).equals(port))
            .toList();
    assertThat(matching).as("worker %s", workerId).hasSize(1);
    return matching.get(0);
  }
}
