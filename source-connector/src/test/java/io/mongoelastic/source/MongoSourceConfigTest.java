package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongoelastic.common.config.ConfigReferenceMarkdown;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class MongoSourceConfigTest {
  private static Map<String, String> minimal() {
    Map<String, String> props = new HashMap<>();
    props.put("mongodb.uri", "mongodb://u:secret@localhost:27017/?replicaSet=rs0");
    props.put("mongodb.database", "shop");
    return props;
  }

  @Test
  void everyKeyHasDocumentationGroupDisplayNameAndValidator() {
    for (ConfigKey key : MongoSourceConfig.CONFIG.configKeys().values()) {
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
      assertThat(key.displayName).as(key.name).isNotBlank();
      assertThat(key.validator).as(key.name).isNotNull();
    }
  }

  @Test
  void defaultsMatchTheDocumentedBehaviour() {
    MongoSourceConfig config = new MongoSourceConfig(minimal());
    assertThat(config.topicFor("orders")).isEqualTo("mongodb.shop.orders");
    assertThat(config.snapshotMode()).isEqualTo(SnapshotMode.INITIAL);
    assertThat(config.fullDocumentMode()).isEqualTo(FullDocumentMode.UPDATE_LOOKUP);
    assertThat(config.historyLostPolicy()).isEqualTo(HistoryLostPolicy.RESNAPSHOT);
    assertThat(config.heartbeatIntervalMs()).isPositive();
    assertThat(config.pipeline()).isEmpty();
    assertThat(config.collections()).isEmpty();
    assertThat(config.collectionsRegex()).isEmpty();
    assertThat(config.resyncRequest()).isEmpty();
  }

  @Test
  void tasksShareTheConnectorsOutstandingRecordBound() {
    Map<String, String> props = minimal();
    assertThat(new MongoSourceTaskConfig(props).pollMaxOutstandingRecordsShare()).isEqualTo(5_000);
    props.put(MongoSourceTaskConfig.TASK_COUNT, "4");
    assertThat(new MongoSourceTaskConfig(props).pollMaxOutstandingRecordsShare()).isEqualTo(1_250);
    props.put(PollConfig.POLL_MAX_OUTSTANDING_RECORDS, "3");
    assertThat(new MongoSourceTaskConfig(props).pollMaxOutstandingRecordsShare()).isEqualTo(1);
    props.put(PollConfig.POLL_MAX_OUTSTANDING_RECORDS, "0");
    assertThat(new MongoSourceTaskConfig(props).pollMaxOutstandingRecordsShare()).isZero();
  }

  @Test
  void resyncRequestIsTrimmedFreeTextWithoutControlCharacters() {
    Map<String, String> props = minimal();
    props.put("snapshot.resync.request", " 2026-11-28T10:15Z ");
    assertThat(new MongoSourceConfig(props).resyncRequest()).isEqualTo("2026-11-28T10:15Z");
    props.put("snapshot.resync.request", "a\nb");
    assertThatThrownBy(() -> new MongoSourceConfig(props))
        .hasMessageContaining("snapshot.resync.request");
    props.put("snapshot.resync.request", "x".repeat(201));
    assertThatThrownBy(() -> new MongoSourceConfig(props))
        .hasMessageContaining("snapshot.resync.request");
  }

  @Test
  void refusesUnknownModesNamingTheKey() {
    Map<String, String> props = minimal();
    props.put("snapshot.mode", "sometimes");
    assertThatThrownBy(() -> new MongoSourceConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("snapshot.mode")
        .hasMessageContaining("initial, never, initial_only, when_needed");
  }

  @Test
  void refusesBadRegexAndPipeline() {
    Map<String, String> regex = minimal();
    regex.put("mongodb.collections.regex", "orders[");
    assertThatThrownBy(() -> new MongoSourceConfig(regex))
        .hasMessageContaining("mongodb.collections.regex");
    Map<String, String> pipeline = minimal();
    pipeline.put("stream.pipeline", "[{\"$out\": \"x\"}]");
    assertThatThrownBy(() -> new MongoSourceConfig(pipeline))
        .hasMessageContaining("stream.pipeline")
        .hasMessageContaining("$out");
    pipeline.put("stream.pipeline", "{not json");
    assertThatThrownBy(() -> new MongoSourceConfig(pipeline))
        .hasMessageContaining("stream.pipeline");
  }

  @Test
  void acceptsAChangeStreamPipeline() {
    Map<String, String> props = minimal();
    props.put("stream.pipeline", "[{\"$match\": {\"operationType\": \"insert\"}}]");
    assertThat(new MongoSourceConfig(props).pipeline()).hasSize(1);
  }

  @Test
  void acceptsTheSplitStageOnlyAsTheLastStage() {
    Map<String, String> props = minimal();
    props.put(
        "stream.pipeline",
        "[{\"$match\": {\"operationType\": \"update\"}}, {\"$changeStreamSplitLargeEvent\": {}}]");
    assertThat(new MongoSourceConfig(props).pipeline()).hasSize(2);
    props.put(
        "stream.pipeline",
        "[{\"$changeStreamSplitLargeEvent\": {}}, {\"$match\": {\"operationType\": \"update\"}}]");
    assertThatThrownBy(() -> new MongoSourceConfig(props))
        .hasMessageContaining("stream.pipeline")
        .hasMessageContaining("last stage");
  }

  @Test
  void largeEventModeDefaultsToAutoAndNamesTheKeyWhenUnknown() {
    Map<String, String> props = minimal();
    assertThat(new MongoSourceConfig(props).largeEventMode()).isEqualTo(LargeEventMode.AUTO);
    props.put("stream.large.events", "drop");
    assertThatThrownBy(() -> new MongoSourceConfig(props))
        .hasMessageContaining("stream.large.events")
        .hasMessageContaining("auto, split, fetch_document");
  }

  @Test
  void malformedUriErrorNeverShowsThePassword() {
    Map<String, String> props = minimal();
    props.put("mongodb.uri", "mongodb://alice:hunter2@");
    assertThatThrownBy(() -> new MongoSourceConfig(props))
        .hasMessageContaining("mongodb.uri")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void masksCredentials() {
    assertThat(ConnectionStringMasker.mask("mongodb://alice:pw@h1,h2/db?replicaSet=rs0"))
        .isEqualTo("mongodb://***:***@h1,h2/db?replicaSet=rs0");
    assertThat(
            ConnectionStringMasker.scrub(
                "failed for mongodb://alice:p%40ss@h1 with p@ss", "mongodb://alice:p%40ss@h1"))
        .doesNotContain("p%40ss")
        .doesNotContain("p@ss");
  }

  @Test
  void configReferenceIsUpToDate() throws Exception {
    Path doc = Path.of("..", "docs", "mongodb-source-config.md");
    String expected =
        ConfigReferenceMarkdown.render(
            "MongoDB source connector: configuration reference",
            "Connector class: `io.mongoelastic.source.MongoSourceConnector`. Kafka Connect's own"
                + " keys (`name`, `tasks.max`, `transforms`, `*.converter`, `topic.creation.*`,"
                + " `exactly.once.support`, ...) apply as usual; see also [the source"
                + " guide](mongodb-source.md).",
            MongoSourceConfig.CONFIG);
    if (ConfigReferenceMarkdown.updateRequested()) {
      Files.writeString(doc, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(doc, StandardCharsets.UTF_8))
        .as(
            "docs/mongodb-source-config.md is stale; run with -D%s=true",
            ConfigReferenceMarkdown.UPDATE_PROPERTY)
        .isEqualTo(expected);
  }
}
