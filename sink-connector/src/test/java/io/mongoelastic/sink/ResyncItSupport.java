package io.mongoelastic.sink;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongoelastic.harness.ElasticsearchProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records as the MongoDB source connector writes them around a snapshot (markers on every
 * partition, operation and version headers), and reads of the alias layout and resync state.
 */
final class ResyncItSupport {
  static final String STATE_INDEX = "mongoelastic-resync-state";

  private ResyncItSupport() {}

  /** A topic (and logical index) name no earlier run on the shared node has used. */
  static String freshTopic(String name) {
    return "mongodb.resync." + name + "-" + Long.toString(System.nanoTime() % 100_000_000L, 36);
  }

  /** One snapshot marker on every partition of the topic. */
  static void markers(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      int partitions,
      String control,
      String snapshotId,
      String reason) {
    for (int p = 0; p < partitions; p++) {
      String value =
          "{\"snapshotId\":\""
              + snapshotId
              + "\",\"namespace\":\"shop.items\",\"control\":\""
              + control
              + "\"}";
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(topic, p, null, value.getBytes(StandardCharsets.UTF_8));
      header(record, "mongoelastic.control", control);
      header(record, "mongoelastic.snapshot.id", snapshotId);
      header(record, "mongoelastic.namespace", "shop.items");
      header(record, "mongoelastic.partition.count", Integer.toString(partitions));
      header(record, "mongoelastic.snapshot.reason", reason);
      producer.send(record);
    }
    producer.flush();
  }

  /** A document or (json null) a tombstone, partitioned by key like the source connector's. */
  static void data(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      String key,
      String json,
      long version,
      String operation) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            null,
            key.getBytes(StandardCharsets.UTF_8),
            json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    header(record, "mongoelastic.operation", operation);
    header(record, "mongoelastic.namespace", "shop.items");
    header(record, "mongoelastic.source.version", Long.toString(version));
    producer.send(record);
  }

  /** Snapshot records d{from}..d{to-1} with {"n":i,"v":version}. */
  static void snapshot(
      KafkaProducer<byte[], byte[]> producer, String topic, int from, int to, long version) {
    for (int i = from; i < to; i++) {
      data(
          producer, topic, "d" + i, "{\"n\":" + i + ",\"v\":" + version + "}", version, "snapshot");
    }
    producer.flush();
  }

  /** The physical indices the alias points to (empty when the name is not an alias). */
  static List<String> aliasTargets(ElasticsearchProbe es, String alias) {
    ElasticsearchProbe.Reply reply = es.get("/_alias/" + alias);
    List<String> names = new ArrayList<>();
    if (reply.status() == 200) {
      reply.body().fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  /** The resync state document of a logical index, or a missing node. */
  static JsonNode state(ElasticsearchProbe es, String logical) {
    ElasticsearchProbe.Reply reply = es.get("/" + STATE_INDEX + "/_doc/" + logical);
    return reply.status() == 200 ? reply.body().path("_source") : reply.body().path("missing");
  }

  /** Waits until the alias is on exactly {@code physical} and the state is idle over it. */
  static void awaitSwappedTo(ElasticsearchProbe es, String logical, String physical) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                aliasTargets(es, logical).equals(List.of(physical))
                    && "idle".equals(state(es, logical).path("phase").asText())
                    && physical.equals(state(es, logical).path("current_index").asText()));
  }

  /** id → field "v" of every document read through the name. */
  static Map<String, Long> contents(ElasticsearchProbe es, String index) {
    es.post("/" + index + "/_refresh", "{}");
    Map<String, Long> contents = new HashMap<>();
    for (Iterator<JsonNode> it = es.allHits(index).elements(); it.hasNext(); ) {
      JsonNode hit = it.next();
      contents.put(hit.path("_id").asText(), hit.path("_source").path("v").asLong());
    }
    return contents;
  }

  private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
