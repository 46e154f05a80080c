package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.bson.Document;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
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

  @Test
  void aTransactionsEntriesShareOneClusterTimeAndAreFoundByTheirIndex() {
    ChangeLog log = log(100);
    ChangeEntry before = log.append(insert(0));
    TransactionId txn = new TransactionId(new Document("id", UUID.randomUUID()), 3);
    List<ChangeEntry> commit = log.appendTransaction(List.of(insert(1), insert(2), insert(3)), txn);
    ChangeEntry after = log.append(insert(4));

    long commitTime = commit.get(0).clusterTime();
    assertThat(commit).extracting(ChangeEntry::clusterTime).containsOnly(commitTime);
    assertThat(commit).extracting(ChangeEntry::txnOpIndex).containsExactly(0, 1, 2);
    assertThat(commit).extracting(ChangeEntry::transaction).containsOnly(txn);
    assertThat(commitTime).isGreaterThan(before.clusterTime()).isLessThan(after.clusterTime());
    // Inclusive at the time: all of them; exclusive: none of them.
    assertThat(log.seqAfter(commitTime, true, true)).isEqualTo(commit.get(0).seq());
    assertThat(log.seqAfter(commitTime, false, true)).isEqualTo(after.seq());
    // After the middle one: the last one; at it (a fragment token): the middle one.
    assertThat(log.seqAfter(commitTime, 1, false, true)).isEqualTo(commit.get(2).seq());
    assertThat(log.seqAfter(commitTime, 1, true, true)).isEqualTo(commit.get(1).seq());
    assertThat(log.entryAt(commitTime, 1)).isEqualTo(commit.get(1));
    assertThat(log.entryAt(commitTime)).isNull();
  }

  @Test
  void trimsATransactionWholeAndCountsItAsOneEntry() {
    ChangeLog log = log(2);
    TransactionId txn = new TransactionId(new Document("id", UUID.randomUUID()), 1);
    List<ChangeEntry> commit = log.appendTransaction(List.of(insert(1), insert(2), insert(3)), txn);
    ChangeEntry single = log.append(insert(4));

    assertThat(log.size()).as("one transaction and one write are two entries").isEqualTo(4);
    assertThat(log.oldest()).isEqualTo(commit.get(0));

    ChangeEntry next = log.append(insert(5));

    assertThat(log.oldest()).as("the whole transaction trimmed, not part of it").isEqualTo(single);
    assertThat(log.size()).isEqualTo(2);
    assertThat(log.retainedBytes()).isEqualTo(20);
    assertThat(log.entryAt(commit.get(0).clusterTime(), 2)).isNull();
    assertThat(log.read(single.seq(), 10).entries()).containsExactly(single, next);
  }

  @Test
  void tokensOfATransactionsEventsAreDistinctOrderedAndParseBack() {
    long time = 42L << 32 | 7;
    ResumeToken first = new ResumeToken(time, ResumeToken.Kind.EVENT, 0, ResumeToken.WHOLE_EVENT);
    ResumeToken second = new ResumeToken(time, ResumeToken.Kind.EVENT, 1, ResumeToken.WHOLE_EVENT);
    String a = data(first);
    String aFragment = data(first.fragment(3));
    String b = data(second);
    String highWater = data(ResumeToken.highWaterMark(time));
    String next = data(ResumeToken.event(time + 1));

    assertThat(List.of(data(ResumeToken.event(time - 1)), a, aFragment, b, highWater, next))
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(ResumeToken.parse(first.toDocument())).isEqualTo(first);
    assertThat(ResumeToken.parse(first.fragment(3).toDocument())).isEqualTo(first.fragment(3));
    assertThat(ResumeToken.parse(ResumeToken.event(time).toDocument()))
        .isEqualTo(ResumeToken.event(time));
  }

  private static String data(ResumeToken token) {
    return (String) token.toDocument().get("_data");
  }
}
