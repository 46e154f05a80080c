package io.mongoelastic.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongoelastic.common.record.ControlRecordType;
import io.mongoelastic.common.record.SourceRecordHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the source's topic beside the sink and reports when each change reached Kafka, so a
 * freshness figure splits into MongoDB → Kafka and Kafka → Elasticsearch. Its consumer has the same
 * fetch settings as the sink's (Kafka defaults), so its view of "in Kafka" is what the sink could
 * see at best.
 */
final class KafkaArrivalTap implements AutoCloseable {
  /** A document change seen in the topic: a tombstone ({@code rev} -1) or a document. */
  interface Listener {
    void arrived(String id, boolean tombstone, int rev, long nanos);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Listener listener;
  private final LongConsumer snapshotEnded;
  private final Thread thread;
  private volatile boolean running = true;

  KafkaArrivalTap(String bootstrapServers, String topic, int partitions, Listener listener) {
    this(bootstrapServers, List.of(topic), partitions, listener, nanos -> {});
  }

  /**
   * Watches the partitions {@code 0..partitions-1} of every topic.
   *
   * @param snapshotEnded told the moment the first end-of-snapshot marker arrived (the source
   *     writes one to every partition once every range of the collection was read)
   */
  KafkaArrivalTap(
      String bootstrapServers,
      List<String> topics,
      int partitions,
      Listener listener,
      LongConsumer snapshotEnded) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(props);
    this.listener = listener;
    this.snapshotEnded = snapshotEnded;
    List<TopicPartition> assigned =
        topics.stream()
            .flatMap(
                topic -> IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)))
            .toList();
    consumer.assign(assigned);
    consumer.seekToEnd(assigned);
    assigned.forEach(consumer::position); // resolve "end" now, before the changes start
    this.thread = new Thread(this::run, "freshness-kafka-tap");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          long now = System.nanoTime();
          if (record.key() == null) {
            Header control = record.headers().lastHeader(SourceRecordHeaders.CONTROL);
            if (control != null
                && ControlRecordType.SNAPSHOT_END
                    .wireValue()
                    .equals(new String(control.value(), StandardCharsets.UTF_8))) {
              snapshotEnded.accept(now);
            }
            continue;
          }
          try {
            String id = JSON.readTree(record.key()).asText();
            if (record.value() == null) {
              listener.arrived(id, true, -1, now);
            } else {
              JsonNode value = JSON.readTree(record.value());
              listener.arrived(id, false, value.path("rev").asInt(-1), now);
            }
          } catch (IOException e) {
            // not a document record of the benchmark: ignore
          }
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
