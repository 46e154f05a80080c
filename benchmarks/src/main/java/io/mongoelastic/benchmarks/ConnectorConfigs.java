package io.mongoelastic.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connector configurations of the benchmark runs: our connectors with their defaults except names,
 * topics and indices, and the converter and producer batch size our docs recommend; the official
 * connector as its documentation suggests for JSON output.
 */
final class ConnectorConfigs {
  static final String OUR_SOURCE = "io.mongoelastic.source.MongoSourceConnector";
  static final String OUR_SINK = "io.mongoelastic.sink.ElasticsearchSinkConnector";
  static final String PLAIN_JSON_CONVERTER = "io.mongoelastic.source.record.PlainJsonConverter";

  /**
   * The producer batch size config-examples/mongodb-source.json sets: 16 KiB batches (the worker's
   * default) make the broker handle a request per few documents.
   */
  static final String PRODUCER_BATCH_SIZE = "producer.override.batch.size";

  static final String EXAMPLE_PRODUCER_BATCH_SIZE = "262144";

  /** Extra settings of our source (--source-prop), applied to every run of it. */
  static final Map<String, String> SOURCE_OVERRIDES = new LinkedHashMap<>();

  /** Extra settings of our sink (--sink-prop), applied to every run of it. */
  static final Map<String, String> SINK_OVERRIDES = new LinkedHashMap<>();

  private ConnectorConfigs() {}

  static Map<String, String> ourSource(
      String uri,
      String database,
      String collection,
      String prefix,
      int tasks,
      String mode,
      String bootstrapServers) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", OUR_SOURCE);
    config.put("tasks.max", Integer.toString(tasks));
    config.put("mongodb.uri", uri);
    config.put("mongodb.database", database);
    config.put("mongodb.collections", collection);
    config.put("topic.prefix", prefix);
    config.put("snapshot.mode", mode);
    // Lets the tasks find the topic's partitions, so snapshot markers reach every partition.
    config.put("kafka.admin.bootstrap.servers", bootstrapServers);
    // The converter docs/mongodb-source.md recommends: the same JSON bytes as the worker's
    // JsonConverter (schemas.enable=false), written without building a Jackson tree first.
    config.put("key.converter", PLAIN_JSON_CONVERTER);
    config.put("key.converter.schemas.enable", "false");
    config.put("value.converter", PLAIN_JSON_CONVERTER);
    config.put("value.converter.schemas.enable", "false");
    config.put(PRODUCER_BATCH_SIZE, EXAMPLE_PRODUCER_BATCH_SIZE);
    config.putAll(SOURCE_OVERRIDES);
    return config;
  }

  static Map<String, String> officialSource(
      String uri, String database, String collection, String prefix, String startupMode) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", OfficialConnectorPlugin.CONNECTOR_CLASS);
    config.put("tasks.max", "1");
    config.put("connection.uri", uri);
    config.put("database", database);
    config.put("collection", collection);
    config.put("topic.prefix", prefix);
    config.put("startup.mode", startupMode);
    config.put("publish.full.document.only", "true");
    config.put("change.stream.full.document", "updateLookup");
    config.put("output.format.key", "json");
    config.put("output.format.value", "json");
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    return config;
  }

  /**
   * Our sink writing one topic into one index (pre-created by the benchmark or by the sink). With
   * {@code passThroughValues} the values are read by {@code ByteArrayConverter}, as
   * config-examples/elasticsearch-sink.json recommends behind our source; otherwise by the worker's
   * {@code JsonConverter}.
   */
  static Map<String, String> ourSink(
      String elasticsearchUrl, String topic, String index, int tasks, boolean passThroughValues) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", OUR_SINK);
    config.put("tasks.max", Integer.toString(tasks));
    config.put("topics", topic);
    config.put("elasticsearch.urls", elasticsearchUrl);
    config.put("index.name.pattern", index);
    // The benchmark pre-creates a concrete index with load settings and counts writes into it; a
    // resync would fill a fresh index behind an alias instead. Throughput is measured without it.
    config.put("resync.enabled", "false");
    if (passThroughValues) {
      config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    }
    config.putAll(SINK_OVERRIDES);
    return config;
  }
}
