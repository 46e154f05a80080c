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
    assertThat(config.indexCreationBody()).isNull();
    assertThat(config.bulkSettings().concurrentRequests()).isEqualTo(2);
  }

  @Test
  void buildsTheIndexCreationBodyFromSettingsAndMapping() {
    ElasticsearchSinkConfig config =
        config(
            "index.settings", "{\"number_of_shards\":1}",
            "index.mapping", "{\"properties\":{\"a\":{\"type\":\"keyword\"}}}");
    assertThat(config.indexCreationBody())
        .isEqualTo(
            "{\"settings\":{\"number_of_shards\":1},"
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
    assertThatThrownBy(() -> config("pipeline", "a b")).hasMessageContaining("pipeline");
  }
}
