package io.mongoelastic.sink;

import io.mongoelastic.sink.resync.ResyncSettings;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The resync keys of the sink (see docs/resync.md), declared into {@link
 * ElasticsearchSinkConfig#CONFIG_DEF}, and their typed view {@link ResyncSettings}.
 */
public final class ResyncConfig {
  static final String GROUP = "Resync";

  public static final String ENABLED = "resync.enabled";
  public static final String KEEP_OLD_INDEX = "resync.keep.old.index";
  public static final String STATE_INDEX = "resync.state.index";
  public static final String STATE_REFRESH_MS = "resync.state.refresh.ms";

  static final String DEFAULT_STATE_INDEX = "mongoelastic-resync-state";

  private ResyncConfig() {}

  static void defineInto(ConfigDef def) {
    int order = 0;
    def.define(
            ENABLED,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Write every index through an alias of the same name over a physical index"
                + " '<name>-NNNNNN', and turn each snapshot the MongoDB source marks with"
                + " snapshot_start/snapshot_end into a resync: the snapshot fills a fresh index"
                + " while searches keep reading the old one, then the alias moves atomically and"
                + " documents deleted while the connectors were away are gone. Needs external"
                + " versions ("
                + ElasticsearchSinkConfig.DOCUMENT_VERSION_SOURCE
                + "=source_header; left at its default, another version source turns the resync"
                + " off) and one topic per index. False: write to the index name as"
                + " given and ignore snapshot markers.",
            GROUP,
            ++order,
            Width.SHORT,
            "Resync enabled")
        .define(
            KEEP_OLD_INDEX,
            Type.BOOLEAN,
            false,
            Importance.LOW,
            "Keep the replaced physical index after a resync instead of deleting it (it is"
                + " listed in the resync status; delete it by name when no longer needed).",
            GROUP,
            ++order,
            Width.SHORT,
            "Keep old index")
        .define(
            STATE_INDEX,
            Type.STRING,
            DEFAULT_STATE_INDEX,
            new ConfigDef.NonEmptyString(),
            Importance.LOW,
            "Index holding one resync state document per logical index, through which the"
                + " sink tasks coordinate. Every sink connector writing the same indices must"
                + " use the same one.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Resync state index")
        .define(
            STATE_REFRESH_MS,
            Type.LONG,
            5_000L,
            Range.between(100, 600_000),
            Importance.LOW,
            "How long a task trusts its cached view of another task's resync progress (swap,"
                + " superseded snapshot) before reading the state again. A stale view is"
                + " harmless; its own markers always update the view at once.",
            GROUP,
            ++order,
            Width.SHORT,
            "Resync state refresh (ms)");
  }

  static ResyncSettings settings(AbstractConfig config, String creationBody) {
    return ResyncSettings.defaults()
        .withKeepOldIndex(config.getBoolean(KEEP_OLD_INDEX))
        .withStateIndex(config.getString(STATE_INDEX).trim())
        .withCreationBody(creationBody)
        .withStateRefreshInterval(Duration.ofMillis(config.getLong(STATE_REFRESH_MS)));
  }
}
