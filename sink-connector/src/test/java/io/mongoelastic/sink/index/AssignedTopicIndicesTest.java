package io.mongoelastic.sink.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AssignedTopicIndicesTest {
  private final IndexNameResolver names =
      new IndexNameResolver("mirror-${topic}", Map.of("mongodb.shop.users", "users"));
  private final List<TopicPartition> partitions =
      List.of(
          new TopicPartition("mongodb.shop.orders", 0),
          new TopicPartition("mongodb.shop.users", 0),
          new TopicPartition("mongodb.shop.orders", 1));

  @Test
  void namesEachAssignedTopicsIndexOnceWithoutTransforms() {
    for (String transforms : new String[] {null, "", " "}) {
      AssignedTopicIndices assigned = new AssignedTopicIndices(names, transforms);
      assertThat(assigned.known()).isTrue();
      assertThat(assigned.of(partitions)).containsExactly("mirror-mongodb.shop.orders", "users");
    }
  }

  @Test
  void namesNoIndexWhenTransformsMayRenameTheTopic() {
    AssignedTopicIndices assigned = new AssignedTopicIndices(names, "route");
    assertThat(assigned.known()).isFalse();
    assertThat(assigned.of(partitions)).isEmpty();
  }
}
