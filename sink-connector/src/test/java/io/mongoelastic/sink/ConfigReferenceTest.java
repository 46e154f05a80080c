package io.mongoelastic.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.config.ConfigReferenceMarkdown;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The committed reference in docs/ matches the ConfigDef, and every key is documented. Run with
 * {@code -Dmongoelastic.docs.update=true} to rewrite the file after changing a key.
 */
class ConfigReferenceTest {
  static final Path DOC = Path.of("..", "docs", "elasticsearch-sink-config.md");

  @Test
  void everyKeyHasDocumentationGroupDisplayNameAndValidatorOrType() {
    for (ConfigDef.ConfigKey key : ElasticsearchSinkConfig.CONFIG_DEF.configKeys().values()) {
      assertThat(key.documentation).as("doc of %s", key.name).isNotBlank();
      assertThat(key.group).as("group of %s", key.name).isNotBlank();
      assertThat(key.displayName).as("display name of %s", key.name).isNotBlank();
      boolean selfValidating =
          key.type == ConfigDef.Type.BOOLEAN
              || key.type == ConfigDef.Type.PASSWORD
              || key.name.equals("elasticsearch.username");
      assertThat(key.validator != null || selfValidating).as("validator of %s", key.name).isTrue();
    }
  }

  @Test
  void committedReferenceMatchesTheConfigDef() throws IOException {
    String expected =
        ConfigReferenceMarkdown.render(
            "Elasticsearch sink connector configuration",
            "Connector class `io.mongoelastic.sink.ElasticsearchSinkConnector`. Connect's own keys"
                + " (`name`, `topics`, `topics.regex`, `tasks.max`, `errors.*`, `transforms`,"
                + " converters) work as usual; see also [the sink guide](elasticsearch-sink.md).",
            ElasticsearchSinkConfig.CONFIG_DEF);
    if (ConfigReferenceMarkdown.updateRequested()) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("run with -D%s=true to regenerate", ConfigReferenceMarkdown.UPDATE_PROPERTY)
        .isEqualTo(expected);
  }
}
