package io.mongoelastic.sink.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class BehaviorEnumsTest {

  @Test
  void acceptsLowerSnakeValuesAndTheirDefaults() {
    assertThat(NullValueBehavior.forConfigValue("k", NullValueBehavior.DEFAULT))
        .isEqualTo(NullValueBehavior.DELETE);
    assertThat(MalformedDocumentBehavior.forConfigValue("k", MalformedDocumentBehavior.DEFAULT))
        .isEqualTo(MalformedDocumentBehavior.FAIL);
    assertThat(VersionSource.forConfigValue("k", VersionSource.DEFAULT))
        .isEqualTo(VersionSource.SOURCE_HEADER);
    assertThat(WriteMethod.forConfigValue("k", WriteMethod.DEFAULT)).isEqualTo(WriteMethod.INDEX);
    assertThat(VersionSource.forConfigValue("k", " Kafka_Offset "))
        .isEqualTo(VersionSource.KAFKA_OFFSET);
    assertThat(MalformedDocumentBehavior.REPORT.configValue()).isEqualTo("report");
  }

  @Test
  void validatorsNameTheKeyAndListTheChoices() {
    assertThatThrownBy(() -> VersionSource.validator().ensureValid("version.source", "header"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("version.source")
        .hasMessageContaining("[source_header, kafka_offset, none]");
    assertThat(NullValueBehavior.validator().toString()).isEqualTo("[delete, ignore, fail]");
    assertThat(MalformedDocumentBehavior.validator().toString())
        .isEqualTo("[fail, warn, ignore, report]");
    assertThat(WriteMethod.validator().toString()).isEqualTo("[index, upsert]");
  }

  @Test
  void definesConfigKeysThatParseTheirDefaults() {
    ConfigDef def =
        new ConfigDef()
            .define(
                "behavior.on.null.values",
                ConfigDef.Type.STRING,
                NullValueBehavior.DEFAULT,
                NullValueBehavior.validator(),
                ConfigDef.Importance.MEDIUM,
                NullValueBehavior.DOC)
            .define(
                "behavior.on.malformed.documents",
                ConfigDef.Type.STRING,
                MalformedDocumentBehavior.DEFAULT,
                MalformedDocumentBehavior.validator(),
                ConfigDef.Importance.MEDIUM,
                MalformedDocumentBehavior.DOC)
            .define(
                "version.source",
                ConfigDef.Type.STRING,
                VersionSource.DEFAULT,
                VersionSource.validator(),
                ConfigDef.Importance.MEDIUM,
                VersionSource.DOC)
            .define(
                "write.method",
                ConfigDef.Type.STRING,
                WriteMethod.DEFAULT,
                WriteMethod.validator(),
                ConfigDef.Importance.MEDIUM,
                WriteMethod.DOC);
    assertThat(def.parse(java.util.Map.of())).containsEntry("version.source", "source_header");
    assertThatThrownBy(() -> def.parse(java.util.Map.of("write.method", "merge")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("write.method");
  }
}
