package io.mongoelastic.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongoelastic.sink.document.VersionSource;
import io.mongoelastic.sink.document.WriteMethod;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ElasticsearchSinkConfigTest {

  private static ElasticsearchSinkConfig config(String... pairs) {
    Map<String, String> settings = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      settings.put(pairs[i], pairs[i + 1]);
    }
    return new ElasticsearchSinkConfig(settings);
  }

  @Test
  void defaultsSuitTheMongoSourceTopics() {
    ElasticsearchSinkConfig config = config();
    assertThat(config.indexNamePattern()).isEqualTo("${topic}");
    assertThat(config.writeMethod()).isEqualTo(WriteMethod.INDEX);
    assertThat(config.versionSource()).isEqualTo(VersionSource.SOURCE_HEADER);
    assertThat(config.indexCreate()).isTrue();
    assertThat(config.indexCreationBody())
        .contains("\"dynamic_date_formats\":[\"strict_date_time\"]");
    assertThat(config.bulkSettings().concurrentRequests()).isEqualTo(2);
  }

  @Test
  void buildsTheIndexCreationBodyFromSettingsAndMapping() {
    ElasticsearchSinkConfig config =
        config(
            "index.settings", "{\"number_of_shards\":1}",
            "index.mapping", "{\"properties\":{\"a\":{\"type\":\"keyword\"}}}",
            "index.defaults", "none");
    assertThat(config.indexCreationBody())
        .isEqualTo(
            "{\"settings\":{\"index.number_of_shards\":1},"
                + "\"mappings\":{\"properties\":{\"a\":{\"type\":\"keyword\"}}}}");
  }

  @Test
  void parsesTheTopicMapAndRejectsBadEntriesNamingTheKey() {
    assertThat(config("index.topic.map", "mongodb.shop.orders:orders, b:bee").indexTopicMap())
        .containsExactly(Map.entry("mongodb.shop.orders", "orders"), Map.entry("b", "bee"));
    assertThatThrownBy(() -> config("index.topic.map", "no-colon"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("index.topic.map");
    assertThatThrownBy(() -> config("index.topic.map", "a:x,a:y")).hasMessageContaining("twice");
    assertThatThrownBy(() -> config("index.topic.map", "a:Upper"))
        .hasMessageContaining("index.topic.map");
  }

  @Test
  void rejectsInvalidJsonAndEnumValues() {
    assertThatThrownBy(() -> config("index.mapping", "{not json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("index.mapping");
    assertThatThrownBy(() -> config("index.settings", "[1]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> config("write.method", "merge")).hasMessageContaining("write.method");
    assertThatThrownBy(() -> config("index.defaults", "mirror-safe"))
        .hasMessageContaining("index.defaults");
    assertThatThrownBy(() -> config("pipeline", "a b")).hasMessageContaining("pipeline");
  }

  @Test
  void resyncIsOnByDefaultWithTheDocumentedSettings() {
    ElasticsearchSinkConfig config = config("index.settings", "{\"number_of_shards\":1}");
    assertThat(config.resyncEnabled()).isTrue();
    assertThat(config.resyncSettings().stateIndex()).isEqualTo("mongoelastic-resync-state");
    assertThat(config.resyncSettings().keepOldIndex()).isFalse();
    assertThat(config.resyncSettings().stateRefreshInterval()).hasMillis(5_000);
    assertThat(config.resyncSettings().creationBody()).contains("number_of_shards");
  }

  @Test
  void validationRefusesResyncWithoutSourceVersionsOrWithTopicsSharingAnIndex() {
    Map<String, String> settings = unreachable("topics", "a,b");
    settings.put("document.version.source", "kafka_offset");
    settings.put("index.topic.map", "a:shared,b:shared");
    // Left at its default, the resync follows the version source: off, so nothing to refuse.
    org.apache.kafka.common.config.Config result =
        new ElasticsearchSinkConnector().validate(settings);
    assertThat(errors(result, "document.version.source")).isEmpty();
    assertThat(errors(result, "index.topic.map")).isEmpty();

    settings.put("resync.enabled", "true");
    result = new ElasticsearchSinkConnector().validate(settings);
    assertThat(errors(result, "document.version.source"))
        .anyMatch(e -> e.contains("resync.enabled") && e.contains("source_header"));
    assertThat(errors(result, "index.topic.map")).anyMatch(e -> e.contains("shared"));

    settings.put("resync.enabled", "false");
    result = new ElasticsearchSinkConnector().validate(settings);
    assertThat(errors(result, "document.version.source")).isEmpty();
    assertThat(errors(result, "index.topic.map")).isEmpty();
  }

  @Test
  void validationRefusesReportWithoutToleranceAndDeadLetterTopicOnTheBehaviorKey() {
    Map<String, String> settings = unreachable("topics", "a");
    settings.put("behavior.on.malformed.documents", "report");
    assertThat(validationErrors(settings, "behavior.on.malformed.documents"))
        .anyMatch(
            e ->
                e.contains("errors.tolerance=all")
                    && e.contains("errors.tolerance is not 'all'")
                    && e.contains("errors.deadletterqueue.topic.name is not set"));

    settings.put("errors.tolerance", "all");
    assertThat(validationErrors(settings, "behavior.on.malformed.documents"))
        .anyMatch(e -> e.contains("errors.deadletterqueue.topic.name is not set"))
        .noneMatch(e -> e.contains("is not 'all'"));

    settings.put("errors.deadletterqueue.topic.name", "dlq");
    assertThat(validationErrors(settings, "behavior.on.malformed.documents")).isEmpty();
  }

  @Test
  void validationRefusesAFixedIndexNameWithTopicsRegexWhenResyncIsOn() {
    Map<String, String> settings = unreachable("topics.regex", "mongodb\\..*");
    settings.put("index.name.pattern", "everything");
    assertThat(validationErrors(settings, "index.name.pattern"))
        .anyMatch(
            e ->
                e.contains("topics.regex")
                    && e.contains("${topic}")
                    && e.contains("resync.enabled"));

    settings.put("index.name.pattern", "mirror-${topic}");
    assertThat(validationErrors(settings, "index.name.pattern")).isEmpty();

    settings.put("index.name.pattern", "everything");
    settings.put("resync.enabled", "false");
    assertThat(validationErrors(settings, "index.name.pattern")).isEmpty();
  }

  /** Settings naming the topics by {@code topicsKey} and an address where nothing listens. */
  private static Map<String, String> unreachable(String topicsKey, String topics) {
    Map<String, String> settings = new HashMap<>();
    settings.put("name", "v");
    settings.put(topicsKey, topics);
    settings.put("elasticsearch.urls", "http://127.0.0.1:1");
    return settings;
  }

  private static java.util.List<String> validationErrors(Map<String, String> settings, String key) {
    return errors(new ElasticsearchSinkConnector().validate(settings), key);
  }

  private static java.util.List<String> errors(
      org.apache.kafka.common.config.Config result, String key) {
    return result.configValues().stream()
        .filter(value -> value.name().equals(key))
        .flatMap(value -> value.errorMessages().stream())
        .toList();
  }
}
