package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With resync off, the sink creates a topic's index when its partitions are assigned, before the
 * first record (with resync on, the alias layout is prepared then; see the resync ITs).
 */
class SinkIndexCreationIT {
  @RegisterExtension
  static final SinkWorkerExtension WORKER = new SinkWorkerExtension("sink-index-creation");

  @Test
  void createsTheIndexWhenPartitionsAreAssigned() {
    String topic = "assigned.early";
    WORKER.es().delete("/" + topic);
    WORKER.stack().kafka().createTopic(topic, 2);
    WORKER
        .stack()
        .cluster()
        .configureConnector("assigned-early", plainSinkConfig(topic, WORKER.esUrl()));
    try {
      // No record was produced: only the assignment can have created it.
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> WORKER.es().get("/" + topic).status() == 200);
      assertThat(WORKER.es().count(topic)).isZero();

      send(WORKER.producer(), topic, 0, "\"a\"", "{\"n\":1}", null);
      send(WORKER.producer(), topic, 1, "\"b\"", "{\"n\":2}", null);
      WORKER.producer().flush();
      await().atMost(Duration.ofMinutes(1)).until(() -> WORKER.es().count(topic) == 2);
      assertThat(SinkItSupport.tasksInState(WORKER.stack(), "assigned-early", "RUNNING")).isTrue();
    } finally {
      WORKER.stack().cluster().deleteConnector("assigned-early");
    }
  }

  @Test
  void leavesCreationToTheFirstRecordWhenTransformsMayRenameTheTopic() {
    String topic = "assigned.routed";
    String renamed = "assigned.renamed";
    WORKER.es().delete("/" + topic);
    WORKER.es().delete("/" + renamed);
    WORKER.stack().kafka().createTopic(topic, 1);
    Map<String, String> config = plainSinkConfig(topic, WORKER.esUrl());
    config.put("transforms", "route");
    config.put("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
    config.put("transforms.route.regex", "assigned\\.routed");
    config.put("transforms.route.replacement", renamed);
    WORKER.stack().cluster().configureConnector("assigned-routed", config);
    try {
      awaitTaskRunning(WORKER.stack(), "assigned-routed");
      send(WORKER.producer(), topic, 0, "\"r\"", "{\"n\":1}", null);
      WORKER.producer().flush();
      await().atMost(Duration.ofMinutes(1)).until(() -> WORKER.es().count(renamed) == 1);
      // The assigned topic's own name would have been an index nobody writes to.
      assertThat(WORKER.es().get("/" + topic).status()).isEqualTo(404);
    } finally {
      WORKER.stack().cluster().deleteConnector("assigned-routed");
    }
  }

  @Test
  void createsTheIndexWithTheFirstRecordWhenCreationAtAssignmentFails() throws Exception {
    String topic = "assigned.refused";
    WORKER.es().delete("/" + topic);
    WORKER.stack().kafka().createTopic(topic, 1);
    try (FaultInjectingProxy proxy = new FaultInjectingProxy(WORKER.esUrl(), id -> false)) {
      proxy.refuseIndexCreations(true);
      WORKER
          .stack()
          .cluster()
          .configureConnector("assigned-refused", plainSinkConfig(topic, proxy.url()));
      try {
        // The request and the HTTP client's one automatic retry of a 429 are refused.
        await().atMost(Duration.ofMinutes(1)).until(() -> proxy.refusedIndexCreations() >= 2);
        awaitTaskRunning(WORKER.stack(), "assigned-refused");
        proxy.refuseIndexCreations(false);
        // Nothing tries again before a record arrives: the creation is left to the first bulk.
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(10))
            .until(() -> WORKER.es().get("/" + topic).status() == 404);

        send(WORKER.producer(), topic, 0, "\"x\"", "{\"n\":1}", null);
        send(WORKER.producer(), topic, 0, "\"y\"", "{\"n\":2}", null);
        WORKER.producer().flush();
        await().atMost(Duration.ofMinutes(1)).until(() -> WORKER.es().count(topic) == 2);
        assertThat(SinkItSupport.tasksInState(WORKER.stack(), "assigned-refused", "RUNNING"))
            .isTrue();
      } finally {
        WORKER.stack().cluster().deleteConnector("assigned-refused");
      }
    }
  }

  /** Writes to a concrete index named like the topic, without the resync alias layout. */
  private static Map<String, String> plainSinkConfig(String topic, String url) {
    Map<String, String> config = SinkItSupport.sinkConfig(topic, url);
    config.put("resync.enabled", "false");
    return config;
  }
}
