package io.mongoelastic.sink.resync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class AliasedIndexIT {
  private static final ResyncSettings SETTINGS = ResyncSettings.defaults();
  private ResyncFixture fixture;
  private String logical;

  @BeforeEach
  void setUp(TestInfo test) {
    fixture = new ResyncFixture();
    logical = ResyncFixture.logicalName(test.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.dropLogical(logical);
    fixture.close();
  }

  @Test
  void tasksRacingToCreateTheLayoutMakeOneAliasedIndex() throws Exception {
    int tasks = 4;
    ExecutorService pool = Executors.newFixedThreadPool(tasks);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<ResyncStatus>> results = new ArrayList<>();
    try {
      for (int i = 0; i < tasks; i++) {
        ResyncCoordinator task = fixture.task(SETTINGS);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return task.ensureLayout(logical);
                }));
      }
      go.countDown();
      for (Future<ResyncStatus> result : results) {
        assertThat(result.get(2, TimeUnit.MINUTES).currentIndex()).isEqualTo(logical + "-000001");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fixture.isAlias(logical)).isTrue();
    assertThat(fixture.resolve(logical)).containsExactly(logical + "-000001");
    assertThat(
            fixture
                .probe
                .get("/_alias/" + logical)
                .body()
                .path(logical + "-000001")
                .path("aliases")
                .path(logical)
                .path("is_write_index")
                .asBoolean())
        .isTrue();
  }

  @Test
  void newPhysicalIndicesGetTheConfiguredSettingsAndMapping() throws Exception {
    String body =
        "{\"settings\":{\"number_of_shards\":2},"
            + "\"mappings\":{\"properties\":{\"n\":{\"type\":\"keyword\"}}}}";
    ResyncCoordinator task = fixture.task(SETTINGS.withCreationBody(body));

    fixture.write(fixture.client(), task.ensureLayout(logical).currentIndex(), List.of("d0"), 1);
    String pending =
        task.onSnapshotStart(
            logical, "snap-m", new TopicPartition(logical, 0), 1, ResyncReason.USER_REQUESTED);

    for (String index : List.of(logical + "-000001", pending)) {
      var settings = fixture.probe.get("/" + index + "/_settings").body();
      assertThat(
              settings.path(index).path("settings").path("index").path("number_of_shards").asText())
          .isEqualTo("2");
      var mapping = fixture.probe.get("/" + index + "/_mapping").body();
      assertThat(
              mapping
                  .path(index)
                  .path("mappings")
                  .path("properties")
                  .path("n")
                  .path("type")
                  .asText())
          .isEqualTo("keyword");
    }
  }

  @Test
  void adoptsALegacyIndexAndReplacesItWithAnAliasAtTheFirstSwap() throws Exception {
    fixture.probe.put("/" + logical, "{}");
    fixture.write(fixture.client(), logical, ResyncFixture.ids(0, 5), 1);
    ResyncCoordinator task = fixture.task(SETTINGS);

    ResyncStatus adopted = task.ensureLayout(logical);
    assertThat(adopted.currentIndex()).isEqualTo(logical);
    assertThat(fixture.isAlias(logical)).isFalse();
    TopicPartition partition = new TopicPartition(logical, 0);
    assertThat(task.targetsFor(logical, partition, false)).containsExactly(logical);

    String pending = task.onSnapshotStart(logical, "snap-l", partition, 1, ResyncReason.INITIAL);
    assertThat(pending).isEqualTo(logical + "-000001");
    fixture.write(fixture.client(), pending, ResyncFixture.ids(0, 3), 2);
    assertThat(fixture.probe.count(logical)).isEqualTo(5);
    assertThat(task.onSnapshotEnd(logical, "snap-l", partition)).isTrue();

    assertThat(fixture.isAlias(logical)).isTrue();
    assertThat(fixture.resolve(logical)).containsExactly(pending);
    assertThat(fixture.probe.count(logical)).isEqualTo(3);
  }

  @Test
  void adoptsAnExistingAliasWhoseStateWasLost() throws Exception {
    ResyncCoordinator task = fixture.task(SETTINGS);
    task.ensureLayout(logical);
    TopicPartition partition = new TopicPartition(logical, 0);
    fixture.write(fixture.client(), logical, ResyncFixture.ids(0, 2), 1);
    task.onSnapshotStart(logical, "snap-1", partition, 1, ResyncReason.USER_REQUESTED);
    task.onSnapshotEnd(logical, "snap-1", partition);
    fixture.probe.delete(
        "/" + ResyncStateStore.DEFAULT_INDEX + "/_doc/" + logical + "?refresh=true");

    ResyncStatus adopted = fixture.task(SETTINGS).ensureLayout(logical);

    assertThat(adopted.currentIndex()).isEqualTo(logical + "-000002");
    assertThat(adopted.phase()).isEqualTo(ResyncPhase.IDLE);
  }
}
