package io.mongoelastic.source.pace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads a consumer group's {@link GroupLag} through an Admin client: the group's committed offsets,
 * its members' assignments, and the first and end offsets of the topics' partitions. Topic
 * partitions are described once per {@link #DESCRIBE_EVERY_MS}; a topic that does not exist yet
 * counts for nothing.
 */
final class ConsumerGroupLagReader implements SnapshotPace.LagReader {
  private static final long DESCRIBE_EVERY_MS = 30_000;
  private static final int CALL_TIMEOUT_MS = 5_000;

  private final Admin admin;
  private final String group;
  private final Map<String, List<TopicPartition>> partitions = new HashMap<>();
  private long describedAtMs;

  ConsumerGroupLagReader(Admin admin, String group) {
    this.admin = admin;
    this.group = group;
  }

  @Override
  public GroupLag read(Set<String> topics) throws Exception {
    List<TopicPartition> measured = partitionsOf(topics);
    // All four requests are sent before any answer is awaited: one round trip per reading instead
    // of four, so the gate sees the sink's commits sooner, and the committed and end offsets it
    // compares are read at nearly the same moment.
    KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> offsets =
        admin
            .listConsumerGroupOffsets(
                group, new ListConsumerGroupOffsetsOptions().timeoutMs(CALL_TIMEOUT_MS))
            .partitionsToOffsetAndMetadata();
    KafkaFuture<ConsumerGroupDescription> description =
        admin
            .describeConsumerGroups(
                List.of(group), new DescribeConsumerGroupsOptions().timeoutMs(CALL_TIMEOUT_MS))
            .describedGroups()
            .get(group);
    KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> earliest =
        measured.isEmpty() ? null : offsets(measured, OffsetSpec.earliest());
    KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> latest =
        measured.isEmpty() ? null : offsets(measured, OffsetSpec.latest());
    Map<TopicPartition, Long> committed = new HashMap<>();
    get(offsets)
        .forEach(
            (tp, offset) -> {
              if (offset != null) {
                committed.put(tp, offset.offset());
              }
            });
    Set<String> assigned = assignedTopics(description);
    if (measured.isEmpty()) {
      return new GroupLag(0, !committed.isEmpty() || !assigned.isEmpty());
    }
    return GroupLag.of(measured, committed, assigned, positions(earliest), positions(latest));
  }

  /** The topics the group's members are assigned; empty for a group without members. */
  private static Set<String> assignedTopics(KafkaFuture<ConsumerGroupDescription> description)
      throws Exception {
    Set<String> topics = new HashSet<>();
    try {
      for (MemberDescription member : get(description).members()) {
        member.assignment().topicPartitions().forEach(tp -> topics.add(tp.topic()));
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
    }
    return topics;
  }

  private KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> offsets(
      List<TopicPartition> measured, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    measured.forEach(tp -> request.put(tp, spec));
    return admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(CALL_TIMEOUT_MS)).all();
  }

  private static Map<TopicPartition, Long> positions(
      KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> future) throws Exception {
    Map<TopicPartition, Long> result = new HashMap<>();
    get(future).forEach((tp, info) -> result.put(tp, info.offset()));
    return result;
  }

  private List<TopicPartition> partitionsOf(Set<String> topics) throws Exception {
    long now = System.currentTimeMillis();
    if (now - describedAtMs > DESCRIBE_EVERY_MS || !partitions.keySet().containsAll(topics)) {
      partitions.clear();
      Map<String, KafkaFuture<TopicDescription>> described =
          admin.describeTopics(topics).topicNameValues();
      for (Map.Entry<String, KafkaFuture<TopicDescription>> e : described.entrySet()) {
        try {
          List<TopicPartition> list = new ArrayList<>();
          get(e.getValue())
              .partitions()
              .forEach(p -> list.add(new TopicPartition(e.getKey(), p.partition())));
          partitions.put(e.getKey(), list);
        } catch (ExecutionException missing) {
          if (!(missing.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw missing;
          }
        }
      }
      describedAtMs = now;
    }
    List<TopicPartition> result = new ArrayList<>();
    topics.forEach(topic -> result.addAll(partitions.getOrDefault(topic, List.of())));
    return result;
  }

  private static <T> T get(KafkaFuture<T> future)
      throws ExecutionException, InterruptedException, TimeoutException {
    return future.get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    admin.close(Duration.ofMillis(CALL_TIMEOUT_MS));
  }
}
