package io.mongoelastic.source.pace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SnapshotPaceTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ScriptedLag lag = new ScriptedLag();
  private final SnapshotPace pace =
      new SnapshotPace(
          new SnapshotPaceConfig.Settings("connect-sink", 1_000, 200), lag, null, "t", now::get);

  @Test
  void anAdminClientThatCannotBeCreatedLeavesSnapshotsUnpaced() {
    try (SnapshotPace unpaced =
        SnapshotPace.start(
            new SnapshotPaceConfig.Settings("connect-sink", 1_000, 200),
            Map.of("bootstrap.servers", "no-such-host.invalid:9092"),
            null,
            "t")) {
      unpaced.watch("topic");
      unpaced.produced(1_000_000);
      assertThat(unpaced.paused()).as("the task starts and reads unpaced").isFalse();
    }
  }

  @Test
  void closesAboveTheMaximumAndOpensOnlyAtHalfOfIt() {
    pace.watch("topic");
    assertThat(measure(1_000)).as("at the maximum").isFalse();
    assertThat(measure(1_001)).as("above").isTrue();
    assertThat(measure(900)).as("below, not yet half").isTrue();
    assertThat(measure(501)).isTrue();
    assertThat(measure(500)).as("half").isFalse();
    assertThat(measure(900)).as("rising again, not above").isFalse();
    assertThat(lag.topicsRead).containsOnly(Set.of("topic"));
  }

  @Test
  void opensWhenTheLagCannotBeReadAndClosesAgainOnceItCan() {
    pace.watch("topic");
    assertThat(measure(5_000)).isTrue();
    lag.failure = new IllegalStateException("broker down");
    assertThat(measure(0)).as("a monitoring failure never holds the snapshot").isFalse();
    assertThat(measure(0)).isFalse();
    lag.failure = null;
    assertThat(measure(5_000)).isTrue();
  }

  @Test
  void recordsProducedSinceTheLastReadingCountAsLagAtOnce() {
    pace.watch("topic");
    assertThat(measure(400)).isFalse();
    pace.produced(600);
    assertThat(pace.paused()).as("400 + 600: at the maximum").isFalse();
    pace.produced(1);
    assertThat(pace.paused()).as("above it before the next reading").isTrue();
    assertThat(measure(300)).as("a new reading includes what was produced").isFalse();
  }

  @Test
  void countsTheTimeChunkReadsWereHeld() {
    pace.watch("topic");
    measure(5_000);
    now.addAndGet(300);
    measure(5_000);
    assertThat(pace.pausedMs(now.get())).isEqualTo(300);
    now.addAndGet(200);
    measure(0);
    now.addAndGet(1_000);
    assertThat(pace.pausedMs(now.get())).isEqualTo(500);
  }

  @Test
  void readsNoLagWhileNoChunkReadAsksOrNoTopicIsWatched() {
    measure(5_000);
    assertThat(lag.topicsRead).as("no topic").isEmpty();
    pace.watch("topic");
    pace.paused();
    now.addAndGet(10_000);
    pace.measure();
    assertThat(lag.topicsRead).as("nobody asked for 10 s").isEmpty();
  }

  @Test
  void anUnpacedGateNeverCloses() {
    SnapshotPace off = SnapshotPace.off();
    off.watch("topic");
    assertThat(off.paused()).isFalse();
    off.close();
  }

  /** Sets the next lag, measures as the timer does and returns whether reads are held. */
  private boolean measure(long records) {
    lag.next = new GroupLag(records, true);
    pace.paused();
    pace.measure();
    return pace.paused();
  }

  private static final class ScriptedLag implements SnapshotPace.LagReader {
    GroupLag next;
    RuntimeException failure;
    final List<Set<String>> topicsRead = new ArrayList<>();

    @Override
    public GroupLag read(Set<String> topics) {
      if (failure != null) {
        throw failure;
      }
      topicsRead.add(topics);
      return next;
    }

    @Override
    public void close() {}
  }
}
