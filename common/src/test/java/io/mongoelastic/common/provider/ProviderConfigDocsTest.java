package io.mongoelastic.common.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.config.ConfigReferenceMarkdown;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ProviderConfigDocsTest {
  private static final Path DOC =
      Path.of(System.getProperty("user.dir")).getParent().resolve("docs/config-provider-config.md");

  @Test
  void everyKeyHasDocumentationGroupAndDisplayName() {
    for (ConfigDef.ConfigKey key :
        ElasticsearchConfigProviderConfig.CONFIG_DEF.configKeys().values()) {
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
      assertThat(key.displayName).as(key.name).isNotBlank();
    }
  }

  @Test
  void checkedInReferenceMatchesTheConfigDef() throws Exception {
    String expected =
        ConfigReferenceMarkdown.render(
            "Elasticsearch config provider: settings",
            "Set each key on the worker as `config.providers.<alias>.param.<key>`"
                + " (see [config-provider.md](config-provider.md)).",
            ElasticsearchConfigProviderConfig.CONFIG_DEF);
    if (ConfigReferenceMarkdown.updateRequested()) {
      Files.writeString(DOC, expected);
    }
    assertThat(Files.readString(DOC))
        .as("regenerate with -D%s=true", ConfigReferenceMarkdown.UPDATE_PROPERTY)
        .isEqualTo(expected);
  }
}
