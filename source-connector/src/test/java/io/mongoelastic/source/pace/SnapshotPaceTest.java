package io.mongoelastic.source.pace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SnapshotPaceTest {
  private static final TopicPartition TOPIC_0 = new TopicPartition("topic", 0);
  private static final TopicPartition LATER_0 = new TopicPartition("later", 0);
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
      unpaced.produced(records("topic", 1_000_000));
      assertThat(unpaced.paused()).as("the task starts and reads unpaced").isFalse();
    }
  }

  @Test
  void closesAboveTheMaximumAndOpensAtOrBelowIt() {
    pace.watch("topic");
    assertThat(measure(1_000)).as("at the maximum").isFalse();
    assertThat(measure(1_001)).as("above").isTrue();
    assertThat(measure(1_000)).as("back at the maximum: no lower mark to wait for").isFalse();
    assertThat(measure(900)).isFalse();
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
    pace.produced(records("topic", 600));
    assertThat(pace.paused()).as("400 + 600: at the maximum").isFalse();
    pace.produced(records("topic", 1));
    assertThat(pace.paused()).as("above it before the next reading").isTrue();
    assertThat(measure(300)).as("a new reading includes what was produced").isFalse();
  }

  @Test
  void countsOnlyRecordsOfTheWatchedTopics() {
    pace.watch("topic");
    assertThat(measure(400)).isFalse();
    pace.produced(records("heartbeats", 5_000));
    pace.produced(records("other-collection", 5_000));
    assertThat(pace.paused()).as("records the lag does not measure").isFalse();
    pace.produced(records("topic", 601));
    assertThat(pace.paused()).isTrue();
  }

  @Test
  void takesOffWhatTheGroupHasLikelyIndexedSinceItsLastCommit() {
    pace.watch("topic");
    // The group commits 1,000 records every 500 ms: 2 records/ms.
    assertThat(measure(1_500, 0)).isTrue();
    now.addAndGet(500);
    assertThat(measure(1_500, 1_000)).isTrue();
    now.addAndGet(500);
    assertThat(measure(1_500, 2_000)).as("just committed: nothing indexed since").isTrue();
    now.addAndGet(200);
    assertThat(pace.paused()).as("~400 indexed since: 1,100").isTrue();
    now.addAndGet(100);
    assertThat(pace.paused()).as("~600 indexed since: 900").isFalse();
  }

  @Test
  void aGroupSeenCommittingNothingForTwoOfItsPeriodsCountsAsIndexingNothing() {
    pace.watch("topic");
    measure(1_500, 0);
    now.addAndGet(500);
    measure(1_500, 1_000);
    now.addAndGet(500);
    measure(1_500, 2_000);
    now.addAndGet(400);
    assertThat(measure(1_500, 2_000)).as("~800 indexed since the last commit").isFalse();
    now.addAndGet(700);
    assertThat(measure(1_500, 2_000)).as("stalled for more than two commit periods").isTrue();
  }

  @Test
  @Timeout(60)
  void aClosedGateAskedAfterIdlingReadsTheLagAgainAtOnce() throws Exception {
    pace.watch("topic");
    assertThat(measure(5_000)).isTrue();
    int readings = lag.topicsRead.size();
    lag.next = new GroupLag(0, true);
    now.addAndGet(60_000); // no chunk read asked meanwhile: the timer read nothing
    // The gate's timer thread takes the reading the stale gate asks for; it opens on it.
    while (pace.paused()) {
      Thread.sleep(10);
    }
    assertThat(lag.topicsRead).as("a reading asked for by the stale gate").hasSize(readings + 1);
  }

  /**
   * A paced snapshot against a sink indexing 20 records/ms that commits every 500 ms, read every
   * 200 ms: the committed offsets are up to 700 ms (14,000 records) behind what the sink indexed,
   * more than the gate's whole maximum. Reopening at half the maximum of that stale lag let the
   * sink run dry at every pause; the gate must keep it busy and the backlog near the maximum.
   */
  @Test
  void keepsTheSinkBusyWhenItsCommitsAreStaleByMoreThanTheMaximum() {
    Simulated run = new PacedSnapshot().run(30_000);
    assertThat(run.idleMs()).as("ms the sink had nothing to index").isZero();
    assertThat(run.maxBacklog())
        .as("most records waiting for the sink")
        .isLessThanOrEqualTo(10_000 + 500 * 20 + 1_000);
  }

  @Test
  void aPartitionMeasuredForTheFirstTimeIsNoIndexing() {
    pace.watch("topic");
    // 1,000 records every 500 ms, as above; then a topic the group has read for long is watched.
    measure(1_500, 0);
    now.addAndGet(500);
    measure(1_500, 1_000);
    now.addAndGet(500);
    assertThat(measure(1_500, 2_000)).as("just committed: nothing indexed since").isTrue();
    pace.watch("later");
    now.addAndGet(100);
    assertThat(measure(1_500, Map.of(TOPIC_0, 2_000L, LATER_0, 500_000L)))
        .as("~200 indexed since the last commit")
        .isTrue();
    now.addAndGet(100);
    assertThat(pace.paused())
        .as("~400 indexed since: the new partition's position is no indexing")
        .isTrue();
  }

  @Test
  void aPartitionNoLongerMeasuredIsForgotten() {
    pace.watch("topic");
    pace.watch("later");
    measure(1_500, Map.of(TOPIC_0, 0L, LATER_0, 500_000L));
    now.addAndGet(500);
    assertThat(measure(1_500, Map.of(TOPIC_0, 1_000L))).as("1,000 indexed in 500 ms").isTrue();
    now.addAndGet(500);
    measure(1_500, Map.of(TOPIC_0, 2_000L, LATER_0, 500_000L));
    now.addAndGet(300);
    assertThat(pace.paused())
        .as("~600 indexed since: the partition back after a gap adds nothing")
        .isFalse();
  }

  /**
   * The gate of {@link #keepsTheSinkBusyWhenItsCommitsAreStaleByMoreThanTheMaximum}, where a second
   * collection's snapshot starts half-way, on a topic the group has consumed 2,000,000 records of.
   * Summing the group's positions read that as 2,000,000 records indexed in one commit period: the
   * estimated drain took the whole lag off and the gate stayed open for two commit periods.
   */
  @Test
  void aTopicWatchedLaterKeepsTheBacklogNearTheMaximum() {
    PacedSnapshot snapshot = new PacedSnapshot();
    snapshot.laterTopicFromMs = 10_000;
    Simulated run = snapshot.run(20_000);
    assertThat(run.maxBacklog())
        .as("most records waiting for the sink")
        .isLessThanOrEqualTo(10_000 + 500 * 20 + 1_000);
  }

  @Test
  void aTopicWhoseSnapshotEndedStopsCounting() {
    pace.watch("topic");
    pace.watch("done");
    assertThat(measure(5_000)).isTrue();
    pace.retain(Set.of("topic"));
    assertThat(pace.paused()).as("until the next reading, the last one holds").isTrue();
    assertThat(measure(400)).isFalse();
    assertThat(lag.topicsRead).last().isEqualTo(Set.of("topic"));
    pace.produced(records("done", 5_000));
    assertThat(pace.paused()).as("records of a topic no longer watched").isFalse();
  }

  @Test
  void aReadingUnderWayWhenATopicIsForgottenIsDropped() {
    pace.watch("topic");
    pace.watch("done");
    // The lag of both topics, read while the task finds the snapshot of "done" read to its end.
    lag.duringRead = () -> pace.retain(Set.of("topic"));
    assertThat(measure(5_000))
        .as("a reading counting a topic no longer watched holds nothing: still open")
        .isFalse();
    lag.duringRead = () -> {};
    assertThat(measure(5_000)).as("the next reading, of the topic still watched, counts").isTrue();
    assertThat(lag.topicsRead).last().isEqualTo(Set.of("topic"));
  }

  @Test
  void aGateWithoutTopicsForgetsTheLastReading() {
    pace.watch("topic");
    assertThat(measure(5_000)).isTrue();
    pace.retain(Set.of());
    pace.watch("next");
    assertThat(pace.paused())
        .as("a new collection's snapshot is not held by the last one's lag")
        .isFalse();
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
    assertThat(off.enabled()).as("the task loop skips its topic bookkeeping").isFalse();
    assertThat(pace.enabled()).isTrue();
    off.close();
  }

  /** What a simulated sink met from the simulation's second 2 on. */
  private record Simulated(long idleMs, long maxBacklog) {}

  /**
   * A paced snapshot simulated millisecond by millisecond: a gate with a maximum of 10,000 read
   * every 200 ms, a task offering a chunk of 1,000 records every 5 ms, a sink indexing 20
   * records/ms and committing every 500 ms.
   */
  private final class PacedSnapshot {
    /** From this ms a second topic is watched, on which the group sits at 2,000,000 (-1: never). */
    long laterTopicFromMs = -1;

    Simulated run(int durationMs) {
      SnapshotPace gate =
          new SnapshotPace(
              new SnapshotPaceConfig.Settings("connect-sink", 10_000, 200),
              lag,
              null,
              "t",
              now::get);
      gate.watch("topic");
      List<SourceRecord> chunk = records("topic", 1_000);
      long end = 0;
      long indexed = 0;
      long committed = 0;
      long idleMs = 0;
      long maxBacklog = 0;
      for (int ms = 0; ms < durationMs; ms++) {
        now.incrementAndGet();
        boolean later = laterTopicFromMs >= 0 && ms >= laterTopicFromMs;
        if (ms == laterTopicFromMs) {
          gate.watch("later");
        }
        if (ms % 500 == 0) {
          committed = indexed;
        }
        if (ms % 200 == 0) {
          lag.next =
              new GroupLag(
                  end - committed,
                  true,
                  later
                      ? Map.of(TOPIC_0, committed, LATER_0, 2_000_000L)
                      : Map.of(TOPIC_0, committed));
          gate.measure();
        }
        if (ms % 5 == 0 && !gate.paused()) {
          end += chunk.size();
          gate.produced(chunk);
        }
        indexed = Math.min(end, indexed + 20);
        if (ms >= 2_000) {
          idleMs += end == indexed ? 1 : 0;
          maxBacklog = Math.max(maxBacklog, end - indexed);
        }
      }
      gate.close();
      return new Simulated(idleMs, maxBacklog);
    }
  }

  private static List<SourceRecord> records(String topic, int count) {
    SourceRecord record = new SourceRecord(Map.of(), Map.of(), topic, null, "value");
    return Collections.nCopies(count, record);
  }

  /** Sets the next lag, measures as the timer does and returns whether reads are held. */
  private boolean measure(long records) {
    return measure(records, 0);
  }

  /** As {@link #measure(long)}, with the group's position in the topic's one partition. */
  private boolean measure(long records, long committed) {
    return measure(records, Map.of(TOPIC_0, committed));
  }

  /** As {@link #measure(long)}, with the group's position in each partition measured. */
  private boolean measure(long records, Map<TopicPartition, Long> positions) {
    lag.next = new GroupLag(records, true, positions);
    pace.paused();
    pace.measure();
    return pace.paused();
  }

  private static final class ScriptedLag implements SnapshotPace.LagReader {
    GroupLag next;
    RuntimeException failure;
    Runnable duringRead = () -> {};
    final List<Set<String>> topicsRead = new ArrayList<>();

    @Override
    public GroupLag read(Set<String> topics) {
      if (failure != null) {
        throw failure;
      }
      topicsRead.add(topics);
      duringRead.run();
      return next;
    }

    @Override
    public void close() {}
  }
}
