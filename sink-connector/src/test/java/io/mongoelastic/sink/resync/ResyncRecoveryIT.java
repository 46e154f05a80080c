package io.mongoelastic.sink.resync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongoelastic.sink.resync.ResyncCoordinator.Step;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A task that dies at each step of a resync leaves a state the next start completes. */
class ResyncRecoveryIT {
  private static final ResyncSettings SETTINGS = ResyncSettings.defaults();
  private ResyncFixture fixture;
  private String logical;

  /** Stands in for the JVM dying: nothing after the step runs. */
  private static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(Step step) {
      super("crash at " + step);
    }
  }

  private static ResyncCoordinator.StepHook crashAt(Step crashStep) {
    return (step, logicalIndex) -> {
      if (step == crashStep) {
        throw new SimulatedCrash(step);
      }
    };
  }

  @BeforeEach
  void setUp(TestInfo test) {
    fixture = new ResyncFixture();
    logical = ResyncFixture.logicalName("recovery" + test.getDisplayName().replaceAll("\\W", ""));
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.dropLogical(logical);
    fixture.close();
  }

  private TopicPartition partition(int number) {
    return new TopicPartition(logical, number);
  }

  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"AFTER_LAST_END_RECORDED", "AFTER_ALIAS_SWAPPED", "AFTER_STATE_COMPLETED"})
  void nextStartCompletesASwapInterruptedAfterTheLastEndMarker(Step crashStep) throws Exception {
    ResyncCoordinator survivor = fixture.task(SETTINGS);
    String oldIndex = survivor.ensureLayout(logical).currentIndex();
    fixture.write(fixture.client(), oldIndex, ResyncFixture.ids(0, 10), 1);
    ResyncCoordinator doomed = fixture.task(SETTINGS, crashAt(crashStep));

    survivor.onSnapshotStart(logical, "snap-r", partition(0), 2, ResyncReason.HISTORY_LOST);
    String target =
        doomed.onSnapshotStart(logical, "snap-r", partition(1), 2, ResyncReason.HISTORY_LOST);
    fixture.write(fixture.client(), target, ResyncFixture.ids(0, 6), 2);
    survivor.onSnapshotEnd(logical, "snap-r", partition(0));
    assertThatThrownBy(() -> doomed.onSnapshotEnd(logical, "snap-r", partition(1)))
        .isInstanceOf(SimulatedCrash.class);

    ResyncStatus crashed = survivor.status(logical);
    if (crashStep == Step.AFTER_STATE_COMPLETED) {
      assertThat(crashed.phase()).isEqualTo(ResyncPhase.IDLE);
      assertThat(fixture.exists(oldIndex)).isTrue();
    } else {
      assertThat(crashed.phase()).isEqualTo(ResyncPhase.SWAPPING);
      assertThat(fixture.resolve(logical))
          .containsExactly(crashStep == Step.AFTER_LAST_END_RECORDED ? oldIndex : target);
    }

    ResyncStatus recovered = fixture.task(SETTINGS).recover(logical);

    assertThat(recovered.phase()).isEqualTo(ResyncPhase.IDLE);
    assertThat(recovered.currentIndex()).isEqualTo(target);
    assertThat(recovered.lastCompletedSnapshotId()).isEqualTo("snap-r");
    assertThat(fixture.resolve(logical)).containsExactly(target);
    assertThat(fixture.exists(oldIndex)).isFalse();
    assertThat(fixture.probe.count(logical)).isEqualTo(6);
  }

  @Test
  void nextStartCreatesAPendingIndexClaimedJustBeforeACrash() throws Exception {
    ResyncCoordinator doomed = fixture.task(SETTINGS, crashAt(Step.AFTER_PENDING_CLAIMED));
    String oldIndex = doomed.ensureLayout(logical).currentIndex();
    fixture.write(fixture.client(), oldIndex, ResyncFixture.ids(0, 3), 1);

    assertThatThrownBy(
            () ->
                doomed.onSnapshotStart(
                    logical, "snap-f", partition(0), 1, ResyncReason.USER_REQUESTED))
        .isInstanceOf(SimulatedCrash.class);
    String pending = logical + "-000002";
    assertThat(fixture.exists(pending)).isFalse();

    ResyncCoordinator restarted = fixture.task(SETTINGS);
    ResyncStatus resumed = restarted.recover(logical);

    assertThat(resumed.phase()).isEqualTo(ResyncPhase.FILLING);
    assertThat(resumed.pendingIndex()).isEqualTo(pending);
    assertThat(fixture.exists(pending)).isTrue();
    // Kafka redelivers the uncommitted start marker; the resync then runs to its end.
    assertThat(
            restarted.onSnapshotStart(
                logical, "snap-f", partition(0), 1, ResyncReason.USER_REQUESTED))
        .isEqualTo(pending);
    fixture.write(fixture.client(), pending, ResyncFixture.ids(0, 2), 2);
    assertThat(restarted.onSnapshotEnd(logical, "snap-f", partition(0))).isTrue();
    assertThat(fixture.probe.count(logical)).isEqualTo(2);
  }

  @Test
  void recoverDeletesAnIndexAStaleTaskRecreated() throws Exception {
    ResyncCoordinator task = fixture.task(SETTINGS);
    fixture.write(fixture.client(), task.ensureLayout(logical).currentIndex(), List.of("d0"), 1);
    task.onSnapshotStart(logical, "snap-a", partition(0), 1, ResyncReason.USER_REQUESTED);
    task.onSnapshotStart(logical, "snap-b", partition(0), 1, ResyncReason.USER_REQUESTED);
    String abandoned = logical + "-000002";
    // A task that has not yet seen the supersede writes to the abandoned index again.
    fixture.write(fixture.client(), abandoned, ResyncFixture.ids(0, 1), 2);
    assertThat(fixture.exists(abandoned)).isTrue();

    fixture.task(SETTINGS).recover(logical);

    assertThat(fixture.exists(abandoned)).isFalse();
    assertThat(fixture.exists(logical + "-000003")).isTrue();
  }

  @Test
  void redeliveredEndMarkerCompletesASwapACrashInterrupted() throws Exception {
    ResyncCoordinator doomed = fixture.task(SETTINGS, crashAt(Step.AFTER_LAST_END_RECORDED));
    String oldIndex = doomed.ensureLayout(logical).currentIndex();
    fixture.write(fixture.client(), oldIndex, ResyncFixture.ids(0, 4), 1);
    String target =
        doomed.onSnapshotStart(logical, "snap-e", partition(0), 1, ResyncReason.USER_REQUESTED);
    fixture.write(fixture.client(), target, ResyncFixture.ids(0, 3), 2);
    assertThatThrownBy(() -> doomed.onSnapshotEnd(logical, "snap-e", partition(0)))
        .isInstanceOf(SimulatedCrash.class);

    // The restarted task reads the uncommitted end marker again before any recover() call.
    ResyncCoordinator restarted = fixture.task(SETTINGS);
    assertThat(restarted.onSnapshotEnd(logical, "snap-e", partition(0))).isTrue();

    assertThat(fixture.resolve(logical)).containsExactly(target);
    assertThat(fixture.probe.count(logical)).isEqualTo(3);
    assertThat(restarted.statuses())
        .filteredOn(status -> status.logicalIndex().equals(logical))
        .singleElement()
        .satisfies(
            status -> {
              assertThat(status.phase()).isEqualTo(ResyncPhase.IDLE);
              assertThat(status.reason()).isEqualTo("user_requested");
              assertThat(status.lastSwapAt()).isNotNull();
            });
  }

  @Test
  void newSnapshotFinishesAnInterruptedSwapBeforeStarting() throws Exception {
    ResyncCoordinator doomed = fixture.task(SETTINGS, crashAt(Step.AFTER_LAST_END_RECORDED));
    String oldIndex = doomed.ensureLayout(logical).currentIndex();
    fixture.write(fixture.client(), oldIndex, ResyncFixture.ids(0, 4), 1);
    String first =
        doomed.onSnapshotStart(logical, "snap-1", partition(0), 1, ResyncReason.USER_REQUESTED);
    fixture.write(fixture.client(), first, ResyncFixture.ids(0, 2), 2);
    assertThatThrownBy(() -> doomed.onSnapshotEnd(logical, "snap-1", partition(0)))
        .isInstanceOf(SimulatedCrash.class);

    String second =
        fixture
            .task(SETTINGS)
            .onSnapshotStart(logical, "snap-2", partition(0), 1, ResyncReason.HISTORY_LOST);

    assertThat(second).isEqualTo(logical + "-000003");
    assertThat(fixture.resolve(logical)).containsExactly(first);
    assertThat(fixture.probe.count(logical)).isEqualTo(2);
    assertThat(fixture.exists(oldIndex)).isFalse();
  }
}
