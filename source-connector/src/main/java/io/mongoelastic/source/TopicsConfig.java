package io.mongoelastic.source;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** The keys of the "Topics" group: where records, heartbeats and snapshot markers go. */
public final class TopicsConfig {
  static final String GROUP_TOPICS = "Topics";

  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String TOPIC_PREFIX_DEFAULT = "mongodb";
  public static final String HEARTBEAT_TOPIC = "heartbeat.topic";
  public static final String HEARTBEAT_TOPIC_DEFAULT = "__mongoelastic-heartbeats";
  public static final String KAFKA_ADMIN_PREFIX = "kafka.admin.";
  public static final String KAFKA_ADMIN_BOOTSTRAP_SERVERS = "kafka.admin.bootstrap.servers";

  private TopicsConfig() {}

  static void defineInto(ConfigDef def) {
    int order = 0;
    def.define(
        TOPIC_PREFIX,
        Type.STRING,
        TOPIC_PREFIX_DEFAULT,
        TopicNameValidator.INSTANCE,
        Importance.MEDIUM,
        "Records of collection C in database D go to the topic <topic.prefix>.D.C.",
        GROUP_TOPICS,
        ++order,
        Width.MEDIUM,
        "Topic prefix");
    def.define(
        HEARTBEAT_TOPIC,
        Type.STRING,
        HEARTBEAT_TOPIC_DEFAULT,
        TopicNameValidator.INSTANCE,
        Importance.LOW,
        "Topic of the heartbeat records that store the change-stream position of quiet collections"
            + " (Kafka Connect stores source offsets only with records). Key: the namespace;"
            + " value: {namespace, timestampMs} (the worker's wall-clock time in ms) for stream heartbeats, {namespace, snapshotId, range, done} for finished snapshot ranges. Consumers of data topics never see them.",
        GROUP_TOPICS,
        ++order,
        Width.MEDIUM,
        "Heartbeat topic");
    def.define(
        KAFKA_ADMIN_BOOTSTRAP_SERVERS,
        Type.LIST,
        "",
        BootstrapServersValidator.INSTANCE,
        Importance.MEDIUM,
        "Kafka bootstrap servers the tasks use (through an Admin client) to learn how many"
            + " partitions a collection's topic has, so snapshot markers reach every partition; a"
            + " missing topic is created with topic.creation.default.partitions and"
            + " topic.creation.default.replication.factor when set, else broker defaults. Other"
            + " Admin client settings (security.protocol, sasl.*, ssl.*) can be given with the"
            + " same kafka.admin. prefix. Empty: markers go to partition 0 only (with a warning),"
            + " which is complete only for single-partition topics.",
        GROUP_TOPICS,
        ++order,
        Width.LONG,
        "Kafka bootstrap servers for markers");
  }

  /** Admin client settings (the {@code kafka.admin.} keys without prefix); empty = no admin. */
  static Map<String, Object> adminSettings(AbstractConfig config) {
    if (config.getList(KAFKA_ADMIN_BOOTSTRAP_SERVERS).isEmpty()) {
      return Map.of();
    }
    Map<String, Object> settings = new HashMap<>(config.originalsWithPrefix(KAFKA_ADMIN_PREFIX));
    settings.put(
        "bootstrap.servers", String.join(",", config.getList(KAFKA_ADMIN_BOOTSTRAP_SERVERS)));
    return settings;
  }
}
