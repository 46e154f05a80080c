package io.mongoelastic.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many partitions a collection's topic has, so snapshot markers can be written to each one.
 * Describes the topic through an Admin client; a missing topic is created first (with the
 * connector's {@code topic.creation.default.*} settings when given, broker defaults otherwise), so
 * the count the markers use is the count the data lands in.
 */
final class TopicPartitionCounter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicPartitionCounter.class);

  private final Admin admin;
  private final Optional<Integer> partitions;
  private final Optional<Short> replicationFactor;
  private final Map<String, Integer> known = new HashMap<>();

  TopicPartitionCounter(MongoSourceConfig config) {
    this(
        config.kafkaAdminSettings().isEmpty() ? null : Admin.create(config.kafkaAdminSettings()),
        config.originals());
  }

  /** With {@code admin} (null: none), taking over closing it. */
  TopicPartitionCounter(Admin admin, Map<String, Object> originals) {
    this.admin = admin;
    this.partitions = intSetting(originals.get("topic.creation.default.partitions"));
    this.replicationFactor =
        intSetting(originals.get("topic.creation.default.replication.factor"))
            .map(Integer::shortValue);
    if (admin == null) {
      LOG.warn(
          "{} is empty: snapshot markers go to partition 0 only, which is complete only for"
              + " single-partition topics",
          TopicsConfig.KAFKA_ADMIN_BOOTSTRAP_SERVERS);
    }
  }

  private static Optional<Integer> intSetting(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    int n = Integer.parseInt(value.toString().trim());
    return n > 0 ? Optional.of(n) : Optional.empty();
  }

  /** Whether {@link #partitions} describes topics; without an Admin client it answers 1. */
  boolean knowsCounts() {
    return admin != null;
  }

  int partitions(String topic) {
    if (admin == null) {
      return 1;
    }
    Integer cached = known.get(topic);
    if (cached != null) {
      return cached;
    }
    int count = describeOrCreate(topic);
    known.put(topic, count);
    return count;
  }

  /**
   * Learns the partition counts of {@code topics} in one request, so that a task announcing the
   * snapshots of many collections at start does not describe their topics one round trip at a time.
   * Topics that do not exist yet, or any failure, are left to {@link #partitions}.
   */
  void describe(Collection<String> topics) {
    List<String> unknown = topics.stream().distinct().filter(t -> !known.containsKey(t)).toList();
    if (admin == null || unknown.isEmpty()) {
      return;
    }
    Map<String, KafkaFuture<TopicDescription>> described =
        admin.describeTopics(unknown).topicNameValues();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : described.entrySet()) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        known.put(
            entry.getKey(), entry.getValue().get(left, TimeUnit.NANOSECONDS).partitions().size());
      } catch (ExecutionException e) {
        LOG.debug(
            "Topic {} not described in the batch: {}", entry.getKey(), e.getCause().toString());
      } catch (TimeoutException e) {
        // Kafka did not answer in time: the first marker of each topic asks again.
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("Interrupted while describing topics", e);
      }
    }
  }

  private int describeOrCreate(String topic) {
    // A just-created topic takes a moment to appear in every broker's metadata.
    for (int attempt = 0; attempt < 40; attempt++) {
      try {
        return admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .size();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new RetriableException("Cannot describe topic " + topic, e.getCause());
        }
        if (attempt == 0) {
          create(topic);
        } else {
          pause();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("Interrupted while describing topic " + topic, e);
      } catch (TimeoutException e) {
        throw new RetriableException("Timed out describing topic " + topic, e);
      }
    }
    throw new RetriableException("Topic " + topic + " is not visible yet");
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while waiting for a topic", e);
    }
  }

  private void create(String topic) {
    try {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)))
          .all()
          .get(30, TimeUnit.SECONDS);
      LOG.info("Created topic {}", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new RetriableException("Cannot create topic " + topic, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while creating topic " + topic, e);
    } catch (TimeoutException e) {
      throw new RetriableException("Timed out creating topic " + topic, e);
    }
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
    }
  }
}
