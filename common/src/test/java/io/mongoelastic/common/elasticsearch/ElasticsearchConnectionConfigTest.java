package io.mongoelastic.common.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ElasticsearchConnectionConfigTest {

  @Test
  void embedsEveryKeyUnderThePrefixWithDocumentation() {
    ConfigDef def = ElasticsearchConnectionConfig.embedInto(new ConfigDef());
    assertThat(def.names()).contains("elasticsearch.urls", "elasticsearch.api.key");
    def.configKeys()
        .values()
        .forEach(
            key -> {
              assertThat(key.documentation).as(key.name).isNotBlank();
              assertThat(key.group).as(key.name).isEqualTo(ElasticsearchConnectionConfig.GROUP);
              assertThat(key.displayName).as(key.name).isNotBlank();
            });
  }

  @Test
  void readsPrefixedSettingsOfAPlugin() {
    ElasticsearchConnectionConfig config =
        ElasticsearchConnectionConfig.from(
            Map.of("elasticsearch.urls", "http://a:9200, https://b:9201", "topics", "x"));
    assertThat(config.urls())
        .extracting(Object::toString)
        .containsExactly("http://a:9200", "https://b:9201");
  }

  @Test
  void rejectsUsernameWithoutPassword() {
    assertThatThrownBy(
            () -> ElasticsearchConnectionConfig.from(Map.of("elasticsearch.username", "bob")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("elasticsearch.password");
  }

  @Test
  void rejectsApiKeyTogetherWithBasicAuthWithoutEchoingTheKey() {
    assertThatThrownBy(
            () ->
                ElasticsearchConnectionConfig.from(
                    Map.of(
                        "elasticsearch.username", "bob",
                        "elasticsearch.password", "pw-canary",
                        "elasticsearch.api.key", "key-canary")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("elasticsearch.api.key")
        .hasMessageNotContaining("key-canary")
        .hasMessageNotContaining("pw-canary");
  }

  @Test
  void rejectsUrlsWithCredentialsWithoutEchoingThem() {
    assertThatThrownBy(
            () ->
                ElasticsearchConnectionConfig.from(
                    Map.of("elasticsearch.urls", "http://bob:secret-canary@es:9200")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("elasticsearch.urls")
        .hasMessageNotContaining("secret-canary");
  }

  @Test
  void buildsBasicAndApiKeyHeaders() {
    assertThat(
            ElasticsearchClientFactory.authHeaders(
                    ElasticsearchConnectionConfig.from(Map.of("elasticsearch.api.key", "abc")))
                .get(0)
                .getValue())
        .isEqualTo("ApiKey abc");
    assertThat(
            ElasticsearchClientFactory.authHeaders(
                    ElasticsearchConnectionConfig.from(
                        Map.of("elasticsearch.username", "u", "elasticsearch.password", "p")))
                .get(0)
                .getValue())
        .isEqualTo("Basic dTpw");
  }
}
