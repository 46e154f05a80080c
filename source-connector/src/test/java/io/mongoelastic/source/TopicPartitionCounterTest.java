package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class TopicPartitionCounterTest {
  /** Kafka's mock Admin, counting describe requests. */
  private static final class CountingAdmin extends MockAdminClient {
    final AtomicInteger describes = new AtomicInteger();

    CountingAdmin() {
      super(List.of(new Node(0, "localhost", 9092)), new Node(0, "localhost", 9092));
    }

    void topic(String name, int partitions) {
      Node node = new Node(0, "localhost", 9092);
      List<TopicPartitionInfo> infos = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        infos.add(new TopicPartitionInfo(p, node, List.of(node), List.of(node)));
      }
      addTopic(false, name, infos, Map.of());
    }

    @Override
    public synchronized DescribeTopicsResult describeTopics(
        TopicCollection topics, DescribeTopicsOptions options) {
      describes.incrementAndGet();
      return super.describeTopics(topics, options);
    }
  }

  @Test
  void theTopicsOfManyCollectionsAreDescribedInOneRequest() {
    CountingAdmin admin = new CountingAdmin();
    List<String> topics = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String topic = "mongodb.shop.c" + i;
      admin.topic(topic, 1 + i % 3);
      topics.add(topic);
    }
    try (TopicPartitionCounter counter = new TopicPartitionCounter(admin, Map.of())) {
      counter.describe(topics);

      for (int i = 0; i < 1_000; i++) {
        assertThat(counter.partitions(topics.get(i))).isEqualTo(1 + i % 3);
      }
      assertThat(admin.describes.get()).isEqualTo(1);
    }
  }

  @Test
  void aTopicMissingFromTheBatchIsCreatedOnItsFirstCount() {
    CountingAdmin admin = new CountingAdmin();
    admin.topic("mongodb.shop.a", 3);
    try (TopicPartitionCounter counter =
        new TopicPartitionCounter(admin, Map.of("topic.creation.default.partitions", "2"))) {
      counter.describe(List.of("mongodb.shop.a", "mongodb.shop.new"));

      assertThat(counter.partitions("mongodb.shop.a")).isEqualTo(3);
      assertThat(counter.partitions("mongodb.shop.new")).isEqualTo(2);
    }
  }
}
