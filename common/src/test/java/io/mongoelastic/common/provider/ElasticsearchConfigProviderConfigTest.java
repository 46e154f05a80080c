package io.mongoelastic.common.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticsearchConfigProviderConfigTest {

  @Test
  void servesNoDocumentUnlessAllowed() {
    ElasticsearchConfigProviderConfig config = new ElasticsearchConfigProviderConfig(Map.of());
    assertThat(config.isAllowed("mongo-source")).isFalse();
    assertThat(
            new ElasticsearchConfigProviderConfig(Map.of("allowed.documents", "a,b"))
                .isAllowed("b"))
        .isTrue();
    assertThat(
            new ElasticsearchConfigProviderConfig(Map.of("allowed.documents", "*")).isAllowed("x"))
        .isTrue();
  }

  @Test
  void lowersTheConnectionTimeoutsUnlessSet() {
    ElasticsearchConfigProviderConfig defaults = new ElasticsearchConfigProviderConfig(Map.of());
    assertThat(defaults.connection().connectTimeoutMs()).isEqualTo(2_000);
    assertThat(defaults.connection().readTimeoutMs()).isEqualTo(5_000);
    assertThat(
            new ElasticsearchConfigProviderConfig(Map.of("elasticsearch.read.timeout.ms", "9000"))
                .connection()
                .readTimeoutMs())
        .isEqualTo(9_000);
  }

  @Test
  void refusesAMissingKeyPathNamingTheKeyAndTheCommandThatMakesKeys() {
    assertThatThrownBy(
            () -> new ElasticsearchConfigProviderConfig(Map.of("private.keys.path", "/nope/keys")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("private.keys.path")
        .hasMessageContaining("/nope/keys")
        .hasMessageContaining("keys generate --out");
  }

  @Test
  void providerRefusesAKeyFolderWithoutKeysNamingTheKeyAndTheRemedy(@TempDir Path empty)
      throws Exception {
    try (ElasticsearchConfigProvider provider = new ElasticsearchConfigProvider()) {
      assertThatThrownBy(
              () ->
                  provider.configure(
                      Map.of(
                          "elasticsearch.urls",
                          "http://127.0.0.1:1",
                          "private.keys.path",
                          empty.toString())))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("private.keys.path (" + empty + "): No X25519 private key")
          .hasMessageContaining("keys generate --out");
    }
  }

  @Test
  void providerRefusesUseBeforeConfigureAndForbiddenDocuments() throws Exception {
    try (ElasticsearchConfigProvider provider = new ElasticsearchConfigProvider()) {
      assertThatThrownBy(() -> provider.get("x", java.util.Set.of("y")))
          .isInstanceOf(IllegalStateException.class);
      provider.configure(Map.of("elasticsearch.urls", "http://127.0.0.1:1"));
      assertThatThrownBy(() -> provider.get("secret-doc", java.util.Set.of("password")))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'secret-doc'")
          .hasMessageContaining("allowed.documents");
    }
  }
}
