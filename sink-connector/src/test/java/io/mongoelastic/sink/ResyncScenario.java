package io.mongoelastic.sink;

import static io.mongoelastic.sink.ResyncItSupport.aliasTargets;
import static io.mongoelastic.sink.ResyncItSupport.awaitSwappedTo;
import static io.mongoelastic.sink.ResyncItSupport.contents;
import static io.mongoelastic.sink.ResyncItSupport.data;
import static io.mongoelastic.sink.ResyncItSupport.markers;
import static io.mongoelastic.sink.ResyncItSupport.snapshot;
import static io.mongoelastic.sink.ResyncItSupport.state;
import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static org.awaitility.Awaitility.await;

import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * One resync as the source connector drives it: an initial snapshot of d0..d199 (version 100) into
 * the first physical index, then a snapshot of d0..d149 only (version 200; d150..d199 were deleted
 * while the connectors were away) with changes interleaved, end markers on every partition, and a
 * change after the swap. Optionally polls {@code _count} through the alias every 50 ms from the
 * second start marker until the swap was seen.
 */
final class ResyncScenario {
  static final long OLD_COUNT = 200;
  static final long NEW_COUNT = 150;

  record Result(String connector, List<Long> observedCounts) {}

  private final ConnectStack stack;
  private final ElasticsearchProbe es;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final int partitions;

  ResyncScenario(
      ConnectStack stack,
      ElasticsearchProbe es,
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      int partitions) {
    this.stack = stack;
    this.es = es;
    this.producer = producer;
    this.topic = topic;
    this.partitions = partitions;
  }

  /**
   * @param poll whether to poll through the alias; then the interleaved changes keep the count (an
   *     update only), so every complete index has exactly OLD_COUNT or NEW_COUNT documents
   */
  Result run(Map<String, String> config, boolean poll) {
    String connector = config.get("name");
    stack.kafka().createTopic(topic, partitions);
    stack.cluster().configureConnector(connector, config);
    awaitTaskRunning(stack, connector);
    initialSync();

    List<Long> counts = Collections.synchronizedList(new ArrayList<>());
    Thread poller = poll ? startPoller(counts) : null;
    markers(producer, topic, partitions, "snapshot_start", "s2", "history_lost");
    snapshot(producer, topic, 0, 75, 200);
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < 150; i++) {
      expected.put("d" + i, 200L);
    }
    // A change to a document whose snapshot record comes later: the older snapshot write loses.
    data(producer, topic, "d100", "{\"n\":100,\"v\":300}", 300, "update");
    expected.put("d100", 300L);
    if (!poll) {
      data(producer, topic, "d500", "{\"n\":500,\"v\":300}", 300, "insert");
      data(producer, topic, "d10", null, 300, "delete");
      expected.put("d500", 300L);
      expected.remove("d10");
    }
    producer.flush();
    String pending = topic + "-000002";
    // d0..d74 from the snapshot plus d100 from the change (plus d500, minus d10).
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> es.count(pending) == 76 && "filling".equals(phase()));
    snapshot(producer, topic, 75, 150, 200);
    markers(producer, topic, partitions, "snapshot_end", "s2", "history_lost");
    awaitSwappedTo(es, topic, pending);
    if (poller != null) {
      int seen = counts.size();
      await().atMost(Duration.ofSeconds(30)).until(() -> counts.size() > seen + 5);
      poller.interrupt();
      joinQuietly(poller);
    }

    data(producer, topic, "d600", "{\"n\":600,\"v\":400}", 400, "insert");
    producer.flush();
    expected.put("d600", 400L);
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> contents(es, topic).equals(expected));
    if (!aliasTargets(es, topic).equals(List.of(pending))) {
      throw new AssertionError("alias moved again: " + aliasTargets(es, topic));
    }
    return new Result(connector, List.copyOf(counts));
  }

  private void initialSync() {
    markers(producer, topic, partitions, "snapshot_start", "s1", "initial");
    snapshot(producer, topic, 0, (int) OLD_COUNT, 100);
    markers(producer, topic, partitions, "snapshot_end", "s1", "initial");
    awaitSwappedTo(es, topic, topic + "-000001");
    await().atMost(Duration.ofMinutes(1)).until(() -> es.count(topic) == OLD_COUNT);
  }

  private String phase() {
    return state(es, topic).path("phase").asText();
  }

  /** Counts through the alias every 50 ms, as a search would: no refresh. */
  private Thread startPoller(List<Long> counts) {
    Thread poller =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                ElasticsearchProbe.Reply reply = es.get("/" + topic + "/_count");
                counts.add(reply.status() == 200 ? reply.body().path("count").asLong() : -1L);
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "alias-poller");
    poller.setDaemon(true);
    poller.start();
    return poller;
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
