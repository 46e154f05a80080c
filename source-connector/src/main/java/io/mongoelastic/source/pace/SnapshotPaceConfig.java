package io.mongoelastic.source.pace;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;

/** The keys of the "Snapshot pacing" group: whose lag slows snapshot reads, and from what lag. */
public final class SnapshotPaceConfig {
  static final String GROUP = "Snapshot pacing";

  public static final String CONSUMER_GROUP = "snapshot.pace.consumer.group";
  public static final String MAX_LAG_RECORDS = "snapshot.pace.max.lag.records";
  public static final String INTERVAL_MS = "snapshot.pace.interval.ms";

  /** The key pacing reads the lag through; declared by the source config. */
  static final String ADMIN_BOOTSTRAP_SERVERS = "kafka.admin.bootstrap.servers";

  private SnapshotPaceConfig() {}

  public static void defineInto(ConfigDef def) {
    int order = 0;
    def.define(
        CONSUMER_GROUP,
        Type.STRING,
        "",
        new ConfigDef.NonNullValidator(),
        Importance.MEDIUM,
        "Consumer group whose lag paces the snapshot, usually the Elasticsearch sink's:"
            + " connect-<sink connector name>. While the group lags more than "
            + MAX_LAG_RECORDS
            + " records behind the end of the topics a task's snapshot ranges write to, the task"
            + " reads no new snapshot chunk; changes keep flowing, so a change made during the"
            + " snapshot waits behind at most that many records in Kafka instead of behind the"
            + " rest of the snapshot. A group with neither members nor offsets (its sink has"
            + " not started) lags by the whole topics: the snapshot waits for it, with a WARN"
            + " after a minute. Otherwise only topics the group reads count (a new topic a"
            + " topics.regex sink has not yet picked up does not)."
            + " Needs "
            + ADMIN_BOOTSTRAP_SERVERS
            + "; if the lag cannot be read the snapshot goes on unpaced (one WARN). The sink"
            + " should commit promptly (its offset.commit.request.interval.ms). Empty: no"
            + " pacing.",
        GROUP,
        ++order,
        Width.MEDIUM,
        "Pace by consumer group");
    def.define(
        MAX_LAG_RECORDS,
        Type.LONG,
        10_000L,
        Range.atLeast(1L),
        Importance.MEDIUM,
        "Lag, in records, above which snapshot reads pause; they resume as soon as the lag is"
            + " back at or below it. Between two readings the lag is estimated: records the task"
            + " sent count at once, and records the group has likely indexed since its last"
            + " commit (at its recent rate) are taken off. A change made during a snapshot waits"
            + " behind about this many records: choose about the sink's indexing rate times the"
            + " freshness wanted (10,000 records/s and 1 s: 10,000), and at least the records the"
            + " sink indexes during one of its offset commit intervals, or it runs dry between"
            + " commits and the snapshot slows down. The lag counts what the sink holds in its"
            + " requests in flight (the Elasticsearch sink: bulk.concurrent.requests x"
            + " bulk.max.actions) and the changes made meanwhile, which are never held: leave room"
            + " above both.",
        GROUP,
        ++order,
        Width.SHORT,
        "Max consumer lag (records)");
    def.define(
        INTERVAL_MS,
        Type.LONG,
        200L,
        Range.between(10L, 60_000L),
        Importance.LOW,
        "How often a task reads the lag while its snapshot ranges are being read.",
        GROUP,
        ++order,
        Width.SHORT,
        "Lag check interval (ms)");
  }

  /** Cross-key check for {@code Connector.validate}: pacing needs the admin client's servers. */
  public static void validate(Map<String, ConfigValue> byName) {
    ConfigValue group = byName.get(CONSUMER_GROUP);
    ConfigValue servers = byName.get(ADMIN_BOOTSTRAP_SERVERS);
    if (group == null
        || !(group.value() instanceof String name)
        || name.isBlank()
        || servers == null) {
      return;
    }
    if (!(servers.value() instanceof List<?> list) || list.isEmpty()) {
      group.addErrorMessage(
          CONSUMER_GROUP
              + " needs "
              + ADMIN_BOOTSTRAP_SERVERS
              + " to read the group's lag: set it to the Kafka cluster's bootstrap servers, or"
              + " leave "
              + CONSUMER_GROUP
              + " empty to read snapshots unpaced.");
    }
  }

  /** The settings of one task; {@link #enabled()} when a group is named. */
  public record Settings(String group, long maxLagRecords, long intervalMs) {
    public static Settings of(AbstractConfig config) {
      return new Settings(
          config.getString(CONSUMER_GROUP).trim(),
          config.getLong(MAX_LAG_RECORDS),
          config.getLong(INTERVAL_MS));
    }

    public boolean enabled() {
      return !group.isEmpty();
    }
  }
}
