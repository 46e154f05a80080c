package io.mongoelastic.sink;

import static org.awaitility.Awaitility.await;

import io.mongoelastic.harness.ConnectStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;

/** Producing test records and running the sink on a {@link ConnectStack}. */
final class SinkItSupport {
  static final String VERSION_HEADER = "mongoelastic.source.version";

  private SinkItSupport() {}

  /** The settings every test connector starts from. */
  static Map<String, String> sinkConfig(String topics, String esUrl) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", ElasticsearchSinkConnector.class.getName());
    config.put("tasks.max", "1");
    config.put("topics", topics);
    config.put("elasticsearch.urls", esUrl);
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "false");
    config.put("retry.backoff.initial.ms", "50");
    config.put("retry.backoff.max.ms", "500");
    return config;
  }

  /** Sends one record, optionally with the source-version header. */
  static void send(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      Integer partition,
      String key,
      String json,
      Long version) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            partition,
            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    if (version != null) {
      // The worker's default SimpleHeaderConverter reads a decimal string back as a number.
      record.headers().add(VERSION_HEADER, Long.toString(version).getBytes(StandardCharsets.UTF_8));
    }
    producer.send(record);
  }

  static KafkaProducer<byte[], byte[]> producer(ConnectStack stack) {
    Map<String, Object> props = new HashMap<>();
    props.put("linger.ms", 5);
    return stack.kafka().createProducer(props);
  }

  static void awaitTaskRunning(ConnectStack stack, String connector) {
    await().atMost(Duration.ofMinutes(2)).until(() -> tasksInState(stack, connector, "RUNNING"));
  }

  static boolean tasksInState(ConnectStack stack, String connector, String state) {
    try {
      ConnectorStateInfo info = stack.cluster().connectorStatus(connector);
      return !info.tasks().isEmpty()
          && info.tasks().stream().allMatch(task -> state.equals(task.state()));
    } catch (RuntimeException e) {
      return false;
    }
  }

  static String taskTrace(ConnectStack stack, String connector) {
    try {
      return stack.cluster().connectorStatus(connector).tasks().stream()
          .map(task -> task.state() + " " + task.trace())
          .reduce("", String::concat);
    } catch (RuntimeException e) {
      return "(no status: " + e.getMessage() + ")";
    }
  }

  /** The committed offset of one partition of a sink connector, or -1. */
  static long committed(ConnectStack stack, String connector, String topic, int partition) {
    return stack.cluster().connectorOffsets(connector).offsets().stream()
        .filter(
            offset ->
                topic.equals(offset.partition().get("kafka_topic"))
                    && Integer.valueOf(partition).equals(offset.partition().get("kafka_partition")))
        .map(offset -> ((Number) offset.offset().get("kafka_offset")).longValue())
        .findFirst()
        .orElse(-1L);
  }

  /** Runs the worker's validation of a sink config (with a name, which Connect requires). */
  static org.apache.kafka.connect.runtime.rest.entities.ConfigInfos validate(
      ConnectStack stack, Map<String, String> config) {
    Map<String, String> named = new HashMap<>(config);
    named.putIfAbsent("name", "validation");
    return stack
        .cluster()
        .validateConnectorConfig(ElasticsearchSinkConnector.class.getName(), named);
  }
}
