package io.mongoelastic.source.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** Reads topics from the start and keeps every record it saw, decoded for assertions. */
final class TopicTail implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One record as the tests see it. */
  record Rec(
      int partition,
      long offset,
      String key,
      JsonNode value,
      String operation,
      String control,
      String snapshotId,
      Long version,
      String reason,
      Integer partitionCount) {
    boolean isControl() {
      return control != null;
    }

    boolean isData() {
      return control == null;
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<Rec> records = new ArrayList<>();

  TopicTail(EmbeddedKafkaCluster kafka, String topic, boolean readCommitted) {
    this(kafka, readCommitted, topic);
  }

  TopicTail(EmbeddedKafkaCluster kafka, boolean readCommitted, String... topics) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "tail-" + topics[0] + "-" + System.nanoTime());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readCommitted ? "read_committed" : "read_uncommitted");
    consumer = kafka.createConsumerAndSubscribeTo(props, topics);
  }

  synchronized List<Rec> poll() {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      records.add(decode(r));
    }
    return List.copyOf(records);
  }

  /** Polls until the records seen so far satisfy the condition; returns them. */
  List<Rec> awaitUntil(Predicate<List<Rec>> condition) {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ZERO)
        .until(() -> condition.test(poll()));
    return List.copyOf(records);
  }

  List<Rec> data() {
    return poll().stream().filter(Rec::isData).toList();
  }

  private static Rec decode(ConsumerRecord<byte[], byte[]> r) {
    try {
      String key = r.key() == null ? null : JSON.readTree(r.key()).asText();
      JsonNode value = r.value() == null ? null : JSON.readTree(r.value());
      String version = header(r, "mongoelastic.source.version");
      String count = header(r, "mongoelastic.partition.count");
      return new Rec(
          r.partition(),
          r.offset(),
          key,
          value,
          header(r, "mongoelastic.operation"),
          header(r, "mongoelastic.control"),
          header(r, "mongoelastic.snapshot.id"),
          version == null ? null : Long.parseLong(version),
          header(r, "mongoelastic.snapshot.reason"),
          count == null ? null : Integer.parseInt(count));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
