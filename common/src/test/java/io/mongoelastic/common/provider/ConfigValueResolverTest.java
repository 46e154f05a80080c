package io.mongoelastic.common.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongoelastic.common.crypto.DecryptionKey;
import io.mongoelastic.common.crypto.FieldLocation;
import io.mongoelastic.common.crypto.KeyRing;
import io.mongoelastic.common.crypto.SecretOpener;
import io.mongoelastic.common.crypto.SecretSealer;
import io.mongoelastic.common.crypto.UndecryptableValueException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConfigValueResolverTest {
  private static final DecryptionKey KEY = DecryptionKey.generate();
  private final ConfigValueResolver resolver =
      new ConfigValueResolver(
          "cfg",
          new SecretOpener(KeyRing.of(KEY)),
          new SecretFieldPatterns(List.of("*password*", "*.uri")));

  @Test
  void plainNonSecretFieldsAreReturnedAsText() {
    Map<String, Object> doc = Map.of("topic.prefix", "mongodb", "tasks.max", 2);
    assertThat(resolver.resolve("d", doc, "topic.prefix")).isEqualTo("mongodb");
    assertThat(resolver.resolve("d", doc, "tasks.max")).isEqualTo("2");
  }

  @Test
  void encryptedFieldsDecryptWhereTheyWereWritten() {
    Map<String, Object> doc = new HashMap<>();
    doc.put(
        "mongodb.uri",
        new SecretSealer(KEY.publicKey())
            .seal(new FieldLocation("cfg", "d", "mongodb.uri"), "mongodb://u:p@h")
            .toMap());
    assertThat(resolver.resolve("d", doc, "mongodb.uri")).isEqualTo("mongodb://u:p@h");
  }

  @Test
  void plaintextInASecretFieldFailsWithTheSameMessageAsTampering() {
    Map<String, Object> doc = Map.of("mongodb.uri", "mongodb://u:canary@h", "db.PASSWORD", "x");
    for (String field : List.of("mongodb.uri", "db.PASSWORD")) {
      assertThatThrownBy(() -> resolver.resolve("d", doc, field))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(UndecryptableValueException.MESSAGE)
          .hasMessageContaining("'" + field + "'")
          .hasMessageContaining("'d'")
          .hasMessageNotContaining("canary");
    }
  }

  @Test
  void objectsThatAreNotEnvelopesFailLikeTampering() {
    Map<String, Object> doc = Map.of("anything", Map.of("ct", "x"));
    assertThatThrownBy(() -> resolver.resolve("d", doc, "anything"))
        .hasMessageContaining(UndecryptableValueException.MESSAGE);
  }

  @Test
  void missingFieldNamesDocumentAndField() {
    assertThatThrownBy(() -> resolver.resolve("mongo-source", Map.of(), "mongodb.uri"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'mongodb.uri'")
        .hasMessageContaining("'mongo-source'");
  }

  @Test
  void secretPatternsMatchWholeNamesCaseInsensitively() {
    SecretFieldPatterns patterns = new SecretFieldPatterns(List.of("*password*", "*.uri"));
    assertThat(patterns.isSecret("elasticsearch.Password")).isTrue();
    assertThat(patterns.isSecret("mongodb.uri")).isTrue();
    assertThat(patterns.isSecret("uri.prefix")).isFalse();
    assertThat(patterns.isSecret("topic.prefix")).isFalse();
  }
}
