package io.mongoelastic.sink;

import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.SharedServices;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The worker of one sink IT class: a {@link ConnectStack} (the packaged plugins on {@code
 * plugin.path}, the worker settings of {@code config-examples/worker.properties}), a producer to
 * its broker, and the Elasticsearch node of the whole run ({@link SharedServices}, started once per
 * test JVM). The stack starts before the class's first test and stops after its last; register it
 * as a static field with {@code @RegisterExtension}. Tests use their own topic, index and connector
 * names.
 */
final class SinkWorkerExtension implements BeforeAllCallback, AfterAllCallback {
  private final ConnectStack.Builder builder;
  private ConnectStack stack;
  private KafkaProducer<byte[], byte[]> producer;
  private String esUrl;
  private ElasticsearchProbe es;

  /**
   * @param name the stack's name (its cluster and work folders)
   */
  SinkWorkerExtension(String name) {
    this.builder = ConnectStack.builder(name);
  }

  /** A worker setting over the defaults, e.g. a longer {@code offset.flush.interval.ms}. */
  SinkWorkerExtension workerProperty(String key, String value) {
    builder.workerProperty(key, value);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    esUrl = SharedServices.elasticsearch().url();
    es = new ElasticsearchProbe(esUrl);
    stack = builder.start();
    producer = SinkItSupport.producer(stack);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (producer != null) {
        producer.close();
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
      producer = null;
      stack = null;
    }
  }

  ConnectStack stack() {
    return stack;
  }

  KafkaProducer<byte[], byte[]> producer() {
    return producer;
  }

  /** The shared Elasticsearch node's URL. */
  String esUrl() {
    return esUrl;
  }

  ElasticsearchProbe es() {
    return es;
  }
}
