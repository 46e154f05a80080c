package io.mongoelastic.sink;

import static io.mongoelastic.sink.ResyncItSupport.aliasTargets;
import static io.mongoelastic.sink.ResyncItSupport.data;
import static io.mongoelastic.sink.ResyncItSupport.markers;
import static io.mongoelastic.sink.ResyncItSupport.snapshot;
import static io.mongoelastic.sink.ResyncItSupport.state;
import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resync through the packaged sink on a real worker: the first sync writes through the alias, a
 * resync fills a fresh index and moves the alias when every partition ended its snapshot, and
 * searches through the alias never see a half-filled index. The crash case is in {@link
 * ResyncCrashIT}.
 */
class ResyncSinkIT {
  @RegisterExtension
  static final SinkWorkerExtension WORKER = new SinkWorkerExtension("resync-sink");

  @Test
  void firstSyncWritesThroughTheAliasFromTheStart() throws Exception {
    String topic = ResyncItSupport.freshTopic("first");
    String plain = ResyncItSupport.freshTopic("plain");
    WORKER.stack().kafka().createTopic(topic, 1);
    WORKER.stack().kafka().createTopic(plain, 1);
    Map<String, String> config = config(topic + "," + plain, 1, false);
    config.put("name", "first");
    WORKER.stack().cluster().configureConnector("first", config);
    awaitTaskRunning(WORKER.stack(), "first");
    markers(WORKER.producer(), topic, 1, "snapshot_start", "s1", "initial");
    snapshot(WORKER.producer(), topic, 0, 50, 10);
    data(WORKER.producer(), topic, "d50", "{\"v\":11}", 11, "insert");
    markers(WORKER.producer(), topic, 1, "snapshot_end", "s1", "initial");
    // A topic without markers: its records too go through an alias, never a concrete index.
    data(WORKER.producer(), plain, "p1", "{\"v\":1}", 1, "insert");
    data(WORKER.producer(), plain, "p2", "{\"v\":1}", 1, "insert");
    WORKER.producer().flush();

    await().atMost(Duration.ofMinutes(1)).until(() -> WORKER.es().count(topic) == 51);
    assertThat(aliasTargets(WORKER.es(), topic)).containsExactly(topic + "-000001");
    assertThat(WORKER.es().count(topic + "-000001")).isEqualTo(51);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> "idle".equals(state(WORKER.es(), topic).path("phase").asText()));
    assertThat(state(WORKER.es(), topic).path("completed_snapshot_ids").toString()).contains("s1");
    await().atMost(Duration.ofMinutes(1)).until(() -> WORKER.es().count(plain) == 2);
    assertThat(aliasTargets(WORKER.es(), plain)).containsExactly(plain + "-000001");

    ObjectName mbean =
        new ObjectName("io.mongoelastic:type=sink-task,connector=\"first\",task=\"0\"");
    await()
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        (String)
                            ManagementFactory.getPlatformMBeanServer()
                                .getAttribute(mbean, "ResyncStatus"))
                    .contains("\"logicalIndex\":\"" + topic + "\"", "\"phase\":\"idle\""));
    WORKER.stack().cluster().deleteConnector("first");
  }

  @Test
  void preparesTheAliasLayoutOnlyUnderTheTopicATransformRenamesTo() {
    String topic = ResyncItSupport.freshTopic("routed");
    String renamed = topic.replace("routed", "renamed");
    WORKER.stack().kafka().createTopic(topic, 1);
    Map<String, String> config = config(topic, 1, false);
    config.put("transforms", "route");
    config.put("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
    config.put("transforms.route.regex", Pattern.quote(topic));
    config.put("transforms.route.replacement", renamed);
    String connector = config.get("name");
    WORKER.stack().cluster().configureConnector(connector, config);
    awaitTaskRunning(WORKER.stack(), connector);
    markers(WORKER.producer(), topic, 1, "snapshot_start", "s1", "initial");
    snapshot(WORKER.producer(), topic, 0, 5, 10);
    markers(WORKER.producer(), topic, 1, "snapshot_end", "s1", "initial");

    await().atMost(Duration.ofMinutes(1)).until(() -> WORKER.es().count(renamed) == 5);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> "idle".equals(state(WORKER.es(), renamed).path("phase").asText()));
    assertThat(aliasTargets(WORKER.es(), renamed)).containsExactly(renamed + "-000001");
    // The partitions were assigned under the original topic: nothing may exist under its name.
    assertThat(WORKER.es().get("/" + topic + "*").body().size())
        .as("indices and aliases under " + topic)
        .isZero();
    assertThat(state(WORKER.es(), topic).isMissingNode()).isTrue();
    WORKER.stack().cluster().deleteConnector(connector);
  }

  @Test
  void resyncLeavesTheAliasOnANewIndexHoldingExactlyTheNewSet() {
    String topic = ResyncItSupport.freshTopic("replace");
    ResyncScenario.Result result =
        new ResyncScenario(WORKER.stack(), WORKER.es(), WORKER.producer(), topic, 2)
            .run(config(topic, 1, false), false);
    assertThat(result.observedCounts()).isEmpty();
    assertThat(WORKER.es().get("/" + topic + "-000001").status()).isEqualTo(404);
    assertThat(state(WORKER.es(), topic).path("reason").asText()).isEqualTo("history_lost");
    WORKER.stack().cluster().deleteConnector(result.connector());
  }

  @Test
  void keepsTheOldIndexWhenAsked() {
    String topic = ResyncItSupport.freshTopic("keep");
    ResyncScenario.Result result =
        new ResyncScenario(WORKER.stack(), WORKER.es(), WORKER.producer(), topic, 2)
            .run(config(topic, 1, true), false);
    assertThat(WORKER.es().count(topic + "-000001")).isEqualTo(ResyncScenario.OLD_COUNT);
    assertThat(state(WORKER.es(), topic).path("retained_indices").toString())
        .contains(topic + "-000001");
    WORKER.stack().cluster().deleteConnector(result.connector());
  }

  @Test
  void searchesThroughTheAliasSeeTheOldIndexUntilTheSwapAndTheNewOneAfter() {
    String topic = ResyncItSupport.freshTopic("poll");
    ResyncScenario.Result result =
        new ResyncScenario(WORKER.stack(), WORKER.es(), WORKER.producer(), topic, 1)
            .run(config(topic, 1, false), true);
    assertPollsSawOnlyCompleteIndices(result.observedCounts());
    WORKER.stack().cluster().deleteConnector(result.connector());
  }

  @Test
  void twoTasksOverThreePartitionsSwapOnceEveryPartitionEnded() {
    String topic = ResyncItSupport.freshTopic("tasks");
    ResyncScenario.Result result =
        new ResyncScenario(WORKER.stack(), WORKER.es(), WORKER.producer(), topic, 3)
            .run(config(topic, 2, false), true);
    assertPollsSawOnlyCompleteIndices(result.observedCounts());
    assertThat(WORKER.stack().cluster().connectorStatus(result.connector()).tasks()).hasSize(2);
    assertThat(state(WORKER.es(), topic).path("completed_snapshot_ids").toString()).contains("s2");
    WORKER.stack().cluster().deleteConnector(result.connector());
  }

  static void assertPollsSawOnlyCompleteIndices(List<Long> counts) {
    assertThat(counts).isNotEmpty();
    System.out.printf(
        "Polls through the alias: %d, old count seen %d times, new count %d times%n",
        counts.size(),
        counts.stream().filter(c -> c == ResyncScenario.OLD_COUNT).count(),
        counts.stream().filter(c -> c == ResyncScenario.NEW_COUNT).count());
    assertThat(counts)
        .as("counts through the alias during the resync")
        .allMatch(c -> c == ResyncScenario.OLD_COUNT || c == ResyncScenario.NEW_COUNT);
    int firstNew = counts.indexOf(ResyncScenario.NEW_COUNT);
    assertThat(firstNew).as("the swap was observed").isPositive();
    assertThat(counts.subList(firstNew, counts.size()))
        .as("never the old index again after the swap")
        .allMatch(c -> c == ResyncScenario.NEW_COUNT);
  }

  static Map<String, String> config(String topic, int tasks, boolean keepOldIndex) {
    Map<String, String> config = new HashMap<>(SinkItSupport.sinkConfig(topic, WORKER.esUrl()));
    config.put("tasks.max", Integer.toString(tasks));
    config.put("resync.keep.old.index", Boolean.toString(keepOldIndex));
    config.put("resync.state.refresh.ms", "500");
    config.put("name", "resync-" + topic.substring(topic.lastIndexOf('.') + 1));
    return config;
  }
}
