package io.mongoelastic.common.provider;

import static org.assertj.core.api.Assertions.assertThat;

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
    String expected = ProviderConfigDocs.markdown();
    if (System.getProperty("mongoelastic.docs.update") != null) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, expected);
    }
    assertThat(DOC).exists();
    assertThat(Files.readString(DOC))
        .as("regenerate with -Dmongoelastic.docs.update")
        .isEqualTo(expected);
  }
}
