package io.mongoelastic.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/** Topic creation, deletion and record counts (by end offsets, so nothing is consumed). */
public final class KafkaTopics implements AutoCloseable {
  private final Admin admin;

  public KafkaTopics(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(props);
  }

  public void create(String topic, int partitions) {
    delete(topic);
    try {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create topic " + topic, e);
    }
  }

  public void delete(String topic) {
    try {
      if (admin.listTopics().names().get().contains(topic)) {
        admin.deleteTopics(List.of(topic)).all().get();
        // Deletion is asynchronous on the broker; wait until the name is free again.
        for (int i = 0; i < 100 && admin.listTopics().names().get().contains(topic); i++) {
          IndexAdmin.sleep(100);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot delete topic " + topic, e);
    }
  }

  /** Sum of the end offsets of all partitions: the records ever written (no compaction here). */
  public long records(String topic) {
    try {
      Map<String, TopicDescription> described =
          admin.describeTopics(Set.of(topic)).allTopicNames().get();
      Map<TopicPartition, OffsetSpec> request =
          described.get(topic).partitions().stream()
              .collect(
                  Collectors.toMap(
                      p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
          admin.listOffsets(request).all().get();
      return offsets.values().stream()
          .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
          .sum();
    } catch (Exception e) {
      return 0;
    }
  }

  /**
   * Waits until the topic holds {@code target} records; returns {@link System#nanoTime()} of that
   * moment, or -1 when {@code failed} turns true, progress stalls for {@code stall} or the timeout
   * passes.
   */
  public long awaitRecords(
      String topic,
      long target,
      Duration timeout,
      Duration stall,
      BooleanSupplier failed,
      LongConsumer progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastProgress = System.nanoTime();
    long last = -1;
    while (System.nanoTime() < deadline) {
      long count = records(topic);
      long now = System.nanoTime();
      progress.accept(count);
      if (count >= target) {
        return now;
      }
      if (count != last) {
        last = count;
        lastProgress = now;
      } else if (now - lastProgress > stall.toNanos()) {
        return -1;
      }
      if (failed.getAsBoolean()) {
        return -1;
      }
      IndexAdmin.sleep(50);
    }
    return -1;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
