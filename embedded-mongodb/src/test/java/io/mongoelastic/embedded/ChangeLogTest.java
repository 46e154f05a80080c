package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ChangeLogTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private ChangeLog log(long maxEvents) {
    return new ChangeLog(
        new ClusterClock(clock), new OplogBounds(maxEvents, Long.MAX_VALUE, Duration.ofDays(1)));
  }

  private static ChangePayload insert(int id) {
    return new ChangePayload(
        ChangeKind.INSERT, "db", "c", null, null, id, null, null, null, 10, null);
  }

  @Test
  void clusterTimesStrictlyIncreaseWithinOneSecond() {
    ChangeLog log = log(100);
    ChangeEntry first = log.append(insert(1));
    ChangeEntry second = log.append(insert(2));

    assertThat(second.clusterTime()).isGreaterThan(first.clusterTime());
    assertThat(second.clusterTime() >>> 32).isEqualTo(first.clusterTime() >>> 32);
    assertThat(log.clusterTime()).isEqualTo(second.clusterTime());
  }

  @Test
  void findsPositionsByClusterTimeExclusiveAndInclusive() {
    ChangeLog log = log(100);
    ChangeEntry a = log.append(insert(1));
    ChangeEntry b = log.append(insert(2));
    log.append(insert(3));

    assertThat(log.seqAfter(a.clusterTime(), false, true)).isEqualTo(b.seq());
    assertThat(log.seqAfter(b.clusterTime(), true, true)).isEqualTo(b.seq());
    assertThat(log.entryAt(b.clusterTime())).isEqualTo(b);
  }

  @Test
  void readsASliceFromAPositionAndReportsWhatItRead() {
    ChangeLog log = log(100);
    ChangeEntry a = log.append(insert(1));
    ChangeEntry b = log.append(insert(2));

    ChangeLog.Slice slice = log.read(b.seq(), 10);

    assertThat(slice.entries()).containsExactly(b);
    assertThat(slice.nextSeq()).isEqualTo(b.seq() + 1);
    assertThat(log.read(a.seq(), 1).entries()).containsExactly(a);
    assertThat(log.read(b.seq() + 1, 10).entries()).isEmpty();
  }

  @Test
  void trimsTheOldestBeyondMaxEventsAndReportsLostHistory() {
    ChangeLog log = log(2);
    ChangeEntry a = log.append(insert(1));
    ChangeEntry b = log.append(insert(2));
    log.append(insert(3));

    assertThat(log.size()).isEqualTo(2);
    assertThatThrownBy(() -> log.read(a.seq(), 10))
        .isInstanceOfSatisfying(
            CommandException.class, e -> assertThat(e.getCode()).isEqualTo(286));
    assertThatThrownBy(() -> log.seqAfter(a.clusterTime(), false, true))
        .isInstanceOf(CommandException.class);
    assertThat(log.seqAfter(b.clusterTime(), false, true)).isEqualTo(b.seq() + 1);
  }

  @Test
  void aHighWaterMarkAtTheLastTrimmedTimeIsStillResumable() {
    ChangeLog log = log(100);
    ChangeEntry a = log.append(insert(1));
    log.trimAll();

    assertThat(log.seqAfter(a.clusterTime(), false, false)).isEqualTo(a.seq() + 1);
    assertThatThrownBy(() -> log.seqAfter(a.clusterTime(), false, true))
        .isInstanceOf(CommandException.class);
  }
}
