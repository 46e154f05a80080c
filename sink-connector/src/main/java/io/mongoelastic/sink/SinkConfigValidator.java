package io.mongoelastic.sink;

import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.mongoelastic.common.elasticsearch.ClusterCheck;
import io.mongoelastic.common.elasticsearch.ElasticsearchClientFactory;
import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import io.mongoelastic.sink.bulk.BulkSettings;
import io.mongoelastic.sink.document.MalformedDocumentBehavior;
import io.mongoelastic.sink.document.VersionSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

  // Connect's own keys, read (never defined) here
  private static final String TOPICS = "topics";
  private static final String TOPICS_REGEX = "topics.regex";
  private static final String ERRORS_TOLERANCE = "errors.tolerance";
  private static final String DLQ_TOPIC = "errors.deadletterqueue.topic.name";

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
      String topics = settings.getOrDefault(TOPICS, "");
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
    if (config.resyncEnabled()) {
      checkResync(config, settings, values);
    }
    checkMalformedReport(config, settings, values);
    BulkSettings bulk = config.bulkSettings();
    if (bulk.backoffInitialMs() > bulk.backoffMaxMs()) {
      addError(
          values,
          BulkConfig.RETRY_BACKOFF_INITIAL_MS,
          "Must not exceed retry.backoff.max.ms (" + bulk.backoffMaxMs() + ")");
    }
    if (bulk.bufferMaxBytes() < bulk.maxBytes()) {
      addError(
          values,
          BulkConfig.BUFFER_MAX_BYTES,
          "Must be at least bulk.max.bytes (" + bulk.maxBytes() + ")");
    }
  }

  /** Resync orders snapshot and change writes by external version, one topic per index. */
  private static void checkResync(
      ElasticsearchSinkConfig config,
      Map<String, String> settings,
      Map<String, ConfigValue> values) {
    if (config.versionSource() != VersionSource.SOURCE_HEADER) {
      addError(
          values,
          ElasticsearchSinkConfig.DOCUMENT_VERSION_SOURCE,
          ResyncConfig.ENABLED
              + "=true needs "
              + ElasticsearchSinkConfig.DOCUMENT_VERSION_SOURCE
              + "=source_header: a resync orders snapshot and change writes by the"
              + " mongoelastic.source.version header. Set it, or set "
              + ResyncConfig.ENABLED
              + "=false.");
    }
    Map<String, List<String>> topicsByIndex = new TreeMap<>();
    config
        .indexTopicMap()
        .forEach(
            (topic, index) ->
                topicsByIndex.computeIfAbsent(index, i -> new ArrayList<>()).add(topic));
    topicsByIndex.entrySet().stream()
        .filter(entry -> entry.getValue().size() > 1)
        .findFirst()
        .ifPresent(
            entry ->
                addError(
                    values,
                    ElasticsearchSinkConfig.INDEX_TOPIC_MAP,
                    "Topics "
                        + entry.getValue()
                        + " all go to index '"
                        + entry.getKey()
                        + "': a resync cannot tell when several topics have all ended their"
                        + " snapshot. Give each topic its own index or set "
                        + ResyncConfig.ENABLED
                        + "=false."));
    if (config.indexNamePattern().contains(ElasticsearchSinkConfig.TOPIC_PLACEHOLDER)) {
      return;
    }
    String topics = settings.getOrDefault(TOPICS, "");
    String regex = settings.getOrDefault(TOPICS_REGEX, "");
    if (!regex.isBlank()) {
      // Any number of topics may match later; the task would only fail at the first marker.
      addError(
          values,
          ElasticsearchSinkConfig.INDEX_NAME_PATTERN,
          "A fixed index name with "
              + TOPICS_REGEX
              + " sends every matching topic to one index, which a resync cannot handle (one"
              + " topic per index); include ${topic} in "
              + ElasticsearchSinkConfig.INDEX_NAME_PATTERN
              + ", list the topics in 'topics' instead of "
              + TOPICS_REGEX
              + ", or set "
              + ResyncConfig.ENABLED
              + "=false.");
    } else if (topics.split(",").length > 1) {
      addError(
          values,
          ElasticsearchSinkConfig.INDEX_NAME_PATTERN,
          "A fixed index name sends several topics to one index, which a resync cannot"
              + " handle; include ${topic} in the pattern or set "
              + ResyncConfig.ENABLED
              + "=false.");
    }
  }

  /**
   * 'report' hands records to Connect's errant record reporter, which exists only with {@code
   * errors.tolerance=all} and a dead-letter topic; without them the task would fail at the first
   * malformed document instead of at validation.
   */
  private static void checkMalformedReport(
      ElasticsearchSinkConfig config,
      Map<String, String> settings,
      Map<String, ConfigValue> values) {
    if (config.malformedDocumentBehavior() != MalformedDocumentBehavior.REPORT) {
      return;
    }
    boolean tolerant = "all".equalsIgnoreCase(settings.getOrDefault(ERRORS_TOLERANCE, "").trim());
    boolean deadLetterTopic = !settings.getOrDefault(DLQ_TOPIC, "").isBlank();
    if (!tolerant || !deadLetterTopic) {
      addError(
          values,
          ElasticsearchSinkConfig.BEHAVIOR_ON_MALFORMED_DOCUMENTS,
          ElasticsearchSinkConfig.BEHAVIOR_ON_MALFORMED_DOCUMENTS
              + "=report sends malformed documents to the dead-letter queue, which needs "
              + ERRORS_TOLERANCE
              + "=all and "
              + DLQ_TOPIC
              + (tolerant ? "" : " (" + ERRORS_TOLERANCE + " is not 'all')")
              + (deadLetterTopic ? "" : " (" + DLQ_TOPIC + " is not set)")
              + ". Set them, or choose fail, warn or ignore.");
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
