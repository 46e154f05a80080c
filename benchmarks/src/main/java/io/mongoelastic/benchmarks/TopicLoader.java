package io.mongoelastic.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Pre-produces the generated documents the way the worker's JsonConverter (schemas off) writes
 * them: key = the id as a JSON string, value = the document as plain JSON.
 */
public final class TopicLoader {
  private TopicLoader() {}

  public static void produce(String bootstrapServers, String topic, int docs) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (int n = 0; n < docs && failure.get() == null; n++) {
        byte[] key = ("\"" + DocumentGenerator.id(n) + "\"").getBytes(StandardCharsets.UTF_8);
        producer.send(
            new ProducerRecord<>(topic, key, DocumentGenerator.json(n)),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Cannot produce to " + topic, failure.get());
    }
  }
}
