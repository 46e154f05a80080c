package io.mongoelastic.sink.resync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mongoelastic.harness.ElasticsearchProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class ResyncCoordinatorIT {
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

  private TopicPartition partition(int number) {
    return new TopicPartition(logical, number);
  }

  /** Creates the layout and fills generation 1 with d0..d(count-1) at version 1. */
  private ResyncCoordinator filledLayout(int count) throws Exception {
    ResyncCoordinator coordinator = fixture.task(SETTINGS);
    ResyncStatus status = coordinator.ensureLayout(logical);
    fixture.write(fixture.client(), status.currentIndex(), ResyncFixture.ids(0, count), 1);
    fixture.probe.post("/" + logical + "/_refresh", null);
    return coordinator;
  }

  @Test
  void swapsOnlyAfterEveryPartitionOfBothTasksEnded() throws Exception {
    filledLayout(20);
    ResyncCoordinator taskA = fixture.task(SETTINGS);
    ResyncCoordinator taskB = fixture.task(SETTINGS);
    String oldIndex = logical + "-000001";

    String targetA0 =
        taskA.onSnapshotStart(logical, "snap-1", partition(0), 3, ResyncReason.USER_REQUESTED);
    String targetB2 =
        taskB.onSnapshotStart(logical, "snap-1", partition(2), 3, ResyncReason.USER_REQUESTED);
    assertThat(taskA.onSnapshotEnd(logical, "snap-1", partition(0))).isFalse();
    String targetA1 =
        taskA.onSnapshotStart(logical, "snap-1", partition(1), 3, ResyncReason.USER_REQUESTED);
    fixture.write(fixture.client(), targetA1, ResyncFixture.ids(0, 12), 2);
    assertThat(taskA.onSnapshotEnd(logical, "snap-1", partition(1))).isFalse();

    assertThat(List.of(targetA0, targetA1, targetB2)).containsOnly(logical + "-000002");
    assertThat(fixture.resolve(logical)).containsExactly(oldIndex);
    ResyncStatus waiting = taskB.status(logical);
    assertThat(waiting.phase()).isEqualTo(ResyncPhase.FILLING);
    assertThat(waiting.endedPartitions()).containsExactly(partition(0) + "", partition(1) + "");
    assertThat(waiting.reason()).isEqualTo("user_requested");

    assertThat(taskB.onSnapshotEnd(logical, "snap-1", partition(2))).isTrue();

    assertThat(fixture.resolve(logical)).containsExactly(logical + "-000002");
    assertThat(fixture.exists(oldIndex)).isFalse();
    assertThat(fixture.probe.count(logical)).isEqualTo(12);
    ResyncStatus done = taskA.status(logical);
    assertThat(done.phase()).isEqualTo(ResyncPhase.IDLE);
    assertThat(done.lastCompletedSnapshotId()).isEqualTo("snap-1");
    assertThat(taskA.targetsFor(logical, partition(0), false)).containsExactly(logical);
  }

  @Test
  void tasksRecordingMarkersConcurrentlySwapExactlyOnce() throws Exception {
    filledLayout(5);
    int partitions = 8;
    List<ResyncCoordinator> tasks = List.of(fixture.task(SETTINGS), fixture.task(SETTINGS));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> swaps = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        ResyncCoordinator task = tasks.get(t);
        int first = t;
        swaps.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int p = first; p < partitions; p += 2) {
                    task.onSnapshotStart(
                        logical, "snap-c", partition(p), partitions, ResyncReason.HISTORY_LOST);
                  }
                  int swapped = 0;
                  for (int p = first; p < partitions; p += 2) {
                    swapped += task.onSnapshotEnd(logical, "snap-c", partition(p)) ? 1 : 0;
                  }
                  return swapped;
                }));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> swap : swaps) {
        total += swap.get(2, TimeUnit.MINUTES);
      }
      assertThat(total).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    ResyncStatus status = tasks.get(0).status(logical);
    assertThat(status.phase()).isEqualTo(ResyncPhase.IDLE);
    assertThat(status.currentIndex()).isEqualTo(logical + "-000002");
    assertThat(fixture.resolve(logical)).containsExactly(logical + "-000002");
  }

  @Test
  void searchesThroughTheAliasNeverSeeAHalfFilledIndex() throws Exception {
    filledLayout(200);
    ResyncCoordinator task = fixture.task(SETTINGS);
    ResyncCoordinator other = fixture.task(SETTINGS);
    List<Long> seen = new CopyOnWriteArrayList<>();
    List<Integer> failures = new CopyOnWriteArrayList<>();
    AtomicBoolean polling = new AtomicBoolean(true);
    Thread poller =
        new Thread(
            () -> {
              while (polling.get()) {
                ElasticsearchProbe.Reply reply = fixture.probe.get("/" + logical + "/_count");
                if (reply.status() == 200) {
                  seen.add(reply.body().path("count").asLong());
                } else {
                  failures.add(reply.status());
                }
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "alias-poller");
    poller.start();
    try {
      // Two tasks, one partition each; the snapshot has 150 documents (d150..d199 were deleted
      // while away), split between the partitions.
      String target =
          task.onSnapshotStart(logical, "snap-p", partition(0), 2, ResyncReason.USER_REQUESTED);
      other.onSnapshotStart(logical, "snap-p", partition(1), 2, ResyncReason.USER_REQUESTED);
      for (int batch = 0; batch < 15; batch++) {
        fixture.write(fixture.client(), target, ResyncFixture.ids(batch * 10, batch * 10 + 10), 2);
        // Expose partial content inside the new index, as periodic refreshes would.
        fixture.probe.post("/" + target + "/_refresh", null);
        if (batch == 7) {
          assertThat(task.onSnapshotEnd(logical, "snap-p", partition(0))).isFalse();
        }
        Thread.sleep(60);
      }
      int before = seen.size();
      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() > before + 3);
      assertThat(other.onSnapshotEnd(logical, "snap-p", partition(1))).isTrue();
      int after = seen.size();
      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() > after + 3);
    } finally {
      polling.set(false);
      poller.join();
    }
    assertThat(failures).isEmpty();
    assertThat(seen).containsOnly(200L, 150L);
    assertThat(seen.get(0)).isEqualTo(200L);
    assertThat(seen.get(seen.size() - 1)).isEqualTo(150L);
    int firstNew = seen.indexOf(150L);
    assertThat(seen.subList(firstNew, seen.size())).containsOnly(150L);
  }

  @Test
  void deletionMadeWhileAwayDisappearsAfterTheSwap() throws Exception {
    filledLayout(3);
    ResyncCoordinator task = fixture.task(SETTINGS);
    String target =
        task.onSnapshotStart(logical, "snap-d", partition(0), 1, ResyncReason.HISTORY_LOST);
    fixture.write(fixture.client(), target, List.of("d0", "d1"), 2);

    assertThat(fixture.probe.source(logical, "d2")).isNotNull();
    task.onSnapshotEnd(logical, "snap-d", partition(0));

    assertThat(fixture.probe.source(logical, "d2")).isNull();
    assertThat(fixture.probe.source(logical, "d0")).isNotNull();
    assertThat(fixture.probe.count(logical)).isEqualTo(2);
  }

  @Test
  void changesDuringTheFillReachTheAliasBeforeAndAfterTheSwap() throws Exception {
    filledLayout(3);
    ResyncCoordinator task = fixture.task(SETTINGS);
    task.onSnapshotStart(logical, "snap-s", partition(0), 2, ResyncReason.USER_REQUESTED);

    List<String> snapshotTargets = task.targetsFor(logical, partition(0), true);
    List<String> changeTargets = task.targetsFor(logical, partition(0), false);
    List<String> notStarted = task.targetsFor(logical, partition(1), false);
    assertThat(snapshotTargets).containsExactly(logical + "-000002");
    assertThat(changeTargets).containsExactly(logical, logical + "-000002");
    assertThat(notStarted).containsExactly(logical);

    fixture.write(fixture.client(), snapshotTargets.get(0), List.of("d0", "d1", "d2"), 2);
    for (String index : changeTargets) {
      fixture.write(fixture.client(), index, List.of("fresh"), 5);
    }
    assertThat(fixture.probe.source(logical, "fresh")).isNotNull();

    task.onSnapshotStart(logical, "snap-s", partition(1), 2, ResyncReason.USER_REQUESTED);
    task.onSnapshotEnd(logical, "snap-s", partition(0));
    task.onSnapshotEnd(logical, "snap-s", partition(1));

    assertThat(fixture.probe.source(logical, "fresh")).isNotNull();
    assertThat(fixture.probe.count(logical)).isEqualTo(4);
  }

  @Test
  void newerSnapshotSupersedesAndDeletesThePendingIndex() throws Exception {
    filledLayout(3);
    ResyncCoordinator task = fixture.task(SETTINGS);
    String abandoned =
        task.onSnapshotStart(logical, "snap-old", partition(0), 1, ResyncReason.USER_REQUESTED);
    fixture.write(fixture.client(), abandoned, List.of("d0"), 2);

    String pending =
        task.onSnapshotStart(logical, "snap-new", partition(0), 1, ResyncReason.HISTORY_LOST);

    assertThat(pending).isEqualTo(logical + "-000003");
    assertThat(fixture.exists(abandoned)).isFalse();
    // A redelivered marker of the abandoned snapshot changes nothing.
    assertThat(task.onSnapshotEnd(logical, "snap-old", partition(0))).isFalse();
    fixture.write(fixture.client(), pending, List.of("d1"), 2);
    assertThat(task.onSnapshotEnd(logical, "snap-new", partition(0))).isTrue();
    assertThat(fixture.resolve(logical)).containsExactly(pending);
    assertThat(task.status(logical).reason()).isEqualTo("history_lost");
  }

  @Test
  void firstSnapshotOfAnEmptyIndexFillsItInPlace() throws Exception {
    ResyncCoordinator task = fixture.task(SETTINGS);
    task.ensureLayout(logical);

    String target =
        task.onSnapshotStart(logical, "snap-0", partition(0), 1, ResyncReason.UNSPECIFIED);

    assertThat(target).isEqualTo(logical);
    fixture.write(fixture.client(), target, ResyncFixture.ids(0, 4), 1);
    assertThat(task.onSnapshotEnd(logical, "snap-0", partition(0))).isTrue();
    ResyncStatus status = task.status(logical);
    assertThat(status.currentIndex()).isEqualTo(logical + "-000001");
    assertThat(status.reason()).isEqualTo("initial");
    assertThat(fixture.probe.count(logical)).isEqualTo(4);
  }

  @Test
  void keepsTheOldIndexWhenConfigured() throws Exception {
    filledLayout(2);
    ResyncCoordinator task = fixture.task(SETTINGS.withKeepOldIndex(true));
    task.onSnapshotStart(logical, "snap-k", partition(0), 1, ResyncReason.USER_REQUESTED);
    task.onSnapshotEnd(logical, "snap-k", partition(0));

    assertThat(fixture.exists(logical + "-000001")).isTrue();
    assertThat(fixture.resolve(logical)).containsExactly(logical + "-000002");
    assertThat(task.recover(logical).retainedIndices()).containsExactly(logical + "-000001");
    assertThat(fixture.exists(logical + "-000001")).isTrue();
  }
}
