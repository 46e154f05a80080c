package io.mongoelastic.source.pace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupLagTest {
  private static final TopicPartition A0 = new TopicPartition("a", 0);
  private static final TopicPartition A1 = new TopicPartition("a", 1);
  private static final TopicPartition B0 = new TopicPartition("b", 0);
  private static final Map<TopicPartition, Long> START = Map.of(A0, 10L, A1, 0L, B0, 5L);
  private static final Map<TopicPartition, Long> END = Map.of(A0, 110L, A1, 50L, B0, 25L);

  @Test
  void sumsEndMinusCommittedAndKeepsThePositionOfEachPartitionMeasured() {
    GroupLag lag = GroupLag.of(List.of(A0, A1), Map.of(A0, 100L, A1, 45L), Set.of(), START, END);
    assertThat(lag).isEqualTo(new GroupLag(15, true, Map.of(A0, 100L, A1, 45L)));
  }

  @Test
  void aGroupNotStartedLagsByWholeTopicsFromTheirFirstOffset() {
    GroupLag lag = GroupLag.of(List.of(A0, A1, B0), Map.of(), Set.of(), START, END);
    assertThat(lag).isEqualTo(new GroupLag(100 + 50 + 20, false, Map.of(A0, 10L, A1, 0L, B0, 5L)));
  }

  @Test
  void anUncommittedPartitionOfATopicTheGroupReadsCountsWhole() {
    GroupLag lag = GroupLag.of(List.of(A0, A1), Map.of(A0, 110L), Set.of(), START, END);
    assertThat(lag.records()).isEqualTo(50);
  }

  @Test
  void aTopicTheGroupDoesNotReadCountsForNothing() {
    GroupLag lag = GroupLag.of(List.of(A0, B0), Map.of(A0, 105L), Set.of(), START, END);
    assertThat(lag.records()).isEqualTo(5);
  }

  @Test
  void aTopicAssignedToAMemberCountsWholeBeforeItsFirstCommit() {
    GroupLag lag = GroupLag.of(List.of(A0, B0), Map.of(), Set.of("b"), START, END);
    assertThat(lag).isEqualTo(new GroupLag(20, true, Map.of(B0, 5L)));
  }

  @Test
  void aStartedGroupNotYetReadingANewTopicDoesNotHoldTheSnapshot() {
    // A topics.regex sink sees a new topic only at its next metadata refresh.
    GroupLag lag = GroupLag.of(List.of(A0), Map.of(), Set.of("other"), START, END);
    assertThat(lag).isEqualTo(new GroupLag(0, true));
  }

  @Test
  void committedBeyondTheEndCountsAsNoLag() {
    // A transaction marker or a deleted and recreated topic: never a negative lag.
    GroupLag lag = GroupLag.of(List.of(A0), Map.of(A0, 200L), Set.of(), START, END);
    assertThat(lag.records()).isZero();
  }
}
