package io.mongoelastic.sink;

import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.mongoelastic.common.elasticsearch.ClusterCheck;
import io.mongoelastic.common.elasticsearch.ElasticsearchClientFactory;
import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The combination and live stages of validation: runs after the single-key validators and attaches
 * each error to the key at fault. The live stage runs only when the connection keys are valid, and
 * is bounded by a short timeout.
 */
final class SinkConfigValidator {
  static final int CHECK_TIMEOUT_MS = 5_000;

  private SinkConfigValidator() {}

  static void validate(Map<String, String> settings, Config result) {
    Map<String, ConfigValue> values = new HashMap<>();
    result.configValues().forEach(value -> values.put(value.name(), value));
    if (values.values().stream().anyMatch(value -> !value.errorMessages().isEmpty())) {
      return; // single keys first; combinations of invalid values say little
    }
    ElasticsearchSinkConfig config;
    try {
      config = new ElasticsearchSinkConfig(settings);
    } catch (ConfigException e) {
      addError(values, ElasticsearchConnectionConfig.URLS, e.getMessage());
      return;
    }
    checkCombinations(config, settings, values);
    ElasticsearchConnectionConfig connection;
    try {
      connection = ElasticsearchConnectionConfig.from(shortTimeouts(settings));
    } catch (ConfigException e) {
      String key = Optional.ofNullable(keyOf(e)).orElse(ElasticsearchConnectionConfig.URLS);
      addError(values, key, e.getMessage());
      return;
    }
    if (values.values().stream().anyMatch(value -> !value.errorMessages().isEmpty())) {
      return;
    }
    checkCluster(connection, config, values);
  }

  private static void checkCombinations(
      ElasticsearchSinkConfig config,
      Map<String, String> settings,
      Map<String, ConfigValue> values) {
    config
        .writeMethod()
        .conflictWith(config.versionSource(), config.pipeline() != null)
        .ifPresent(message -> addError(values, ElasticsearchSinkConfig.WRITE_METHOD, message));
    if (!config.indexTopicMap().isEmpty()) {
      String topics = settings.getOrDefault("topics", "");
      if (!topics.isBlank()) {
        List<String> listed = List.of(topics.split("\\s*,\\s*"));
        config.indexTopicMap().keySet().stream()
            .filter(topic -> !listed.contains(topic))
            .findFirst()
            .ifPresent(
                topic ->
                    addError(
                        values,
                        ElasticsearchSinkConfig.INDEX_TOPIC_MAP,
                        "Topic '"
                            + topic
                            + "' is mapped but not in 'topics'; remove it or add the topic."));
      }
      if (config.indexTopicMap().size() > 0
          && !ElasticsearchSinkConfig.TOPIC_PLACEHOLDER.equals(config.indexNamePattern())
          && !config.indexNamePattern().contains(ElasticsearchSinkConfig.TOPIC_PLACEHOLDER)) {
        addError(
            values,
            ElasticsearchSinkConfig.INDEX_NAME_PATTERN,
            "A fixed index name together with index.topic.map sends every unmapped topic to one"
                + " index; include ${topic} in the pattern or map every topic.");
      }
    }
    if (config.retryBackoffInitialMs() > config.retryBackoffMaxMs()) {
      addError(
          values,
          ElasticsearchSinkConfig.RETRY_BACKOFF_INITIAL_MS,
          "Must not exceed retry.backoff.max.ms (" + config.retryBackoffMaxMs() + ")");
    }
    if (config.bufferMaxBytes() < config.bulkMaxBytes()) {
      addError(
          values,
          ElasticsearchSinkConfig.BUFFER_MAX_BYTES,
          "Must be at least bulk.max.bytes (" + config.bulkMaxBytes() + ")");
    }
  }

  private static void checkCluster(
      ElasticsearchConnectionConfig connection,
      ElasticsearchSinkConfig config,
      Map<String, ConfigValue> values) {
    try (Rest5Client client = ElasticsearchClientFactory.lowLevelClient(connection)) {
      ClusterCheck.Result result = ClusterCheck.check(client);
      if (!result.ok()) {
        String key =
            result.error().contains("401")
                ? (connection.apiKey() != null
                    ? ElasticsearchConnectionConfig.API_KEY
                    : ElasticsearchConnectionConfig.USERNAME)
                : ElasticsearchConnectionConfig.URLS;
        addError(values, key, result.error());
        return;
      }
      int major = result.majorVersion();
      if (major != 8 && major != 9) {
        addError(
            values,
            ElasticsearchConnectionConfig.URLS,
            "Elasticsearch "
                + result.version()
                + " answered; this connector supports versions 8 and 9.");
      }
      if (config.pipeline() != null
          && ClusterCheck.pipelineExists(client, config.pipeline()).orElse(true) == Boolean.FALSE) {
        addError(
            values,
            ElasticsearchSinkConfig.PIPELINE,
            "No ingest pipeline '" + config.pipeline() + "' exists; create it first.");
      }
    } catch (IOException e) {
      // closing failed: nothing to report
    }
  }

  private static Map<String, String> shortTimeouts(Map<String, String> settings) {
    Map<String, String> copy = new HashMap<>(settings);
    copy.put(ElasticsearchConnectionConfig.CONNECT_TIMEOUT_MS, Integer.toString(CHECK_TIMEOUT_MS));
    copy.put(ElasticsearchConnectionConfig.READ_TIMEOUT_MS, Integer.toString(CHECK_TIMEOUT_MS));
    return copy;
  }

  private static String keyOf(ConfigException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    for (String key : ElasticsearchConnectionConfig.CONFIG_DEF.names()) {
      if (message.contains(key)) {
        return key;
      }
    }
    return null;
  }

  private static void addError(Map<String, ConfigValue> values, String key, String message) {
    ConfigValue value = values.get(key);
    if (value != null) {
      value.addErrorMessage(message);
    }
  }
}
