package io.mongoelastic.source;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** The keys of the "Collections" group: which collections of the database are copied. */
public final class CollectionsConfig {
  static final String GROUP_COLLECTIONS = "Collections";

  public static final String MONGODB_COLLECTIONS = "mongodb.collections";
  public static final String MONGODB_COLLECTIONS_REGEX = "mongodb.collections.regex";
  public static final String MONGODB_COLLECTIONS_DISCOVERY_INTERVAL_MS =
      "mongodb.collections.discovery.interval.ms";

  private CollectionsConfig() {}

  static void defineInto(ConfigDef def) {
    int order = 0;
    def.define(
        MONGODB_COLLECTIONS,
        Type.LIST,
        "",
        CollectionNamesValidator.INSTANCE,
        Importance.HIGH,
        "Collections to copy, by exact name. A collection is included when it is listed here or"
            + " matches mongodb.collections.regex; when both are empty every collection of the"
            + " database is included (system.* collections never are). Collections created or"
            + " dropped later are noticed by mongodb.collections.discovery.interval.ms.",
        GROUP_COLLECTIONS,
        ++order,
        Width.LONG,
        "Collections");
    def.define(
        MONGODB_COLLECTIONS_REGEX,
        Type.STRING,
        "",
        RegexValidator.INSTANCE,
        Importance.MEDIUM,
        "Java regular expression; collections whose whole name matches are included (see"
            + " mongodb.collections). Empty: no regex.",
        GROUP_COLLECTIONS,
        ++order,
        Width.MEDIUM,
        "Collections regex");
    def.define(
        MONGODB_COLLECTIONS_DISCOVERY_INTERVAL_MS,
        Type.LONG,
        30_000L,
        Range.between(0L, 86_400_000L),
        Importance.LOW,
        "How often the connector lists the database's collections. When the included set"
            + " changes (a collection matching mongodb.collections.regex, or any collection when"
            + " neither key is set, was created or dropped), the tasks are reconfigured: a new"
            + " collection is snapshotted (snapshot.mode) and then streamed, a dropped one is"
            + " released. 0 turns discovery off (changes are then seen at the next restart).",
        GROUP_COLLECTIONS,
        ++order,
        Width.SHORT,
        "Collection discovery interval (ms)");
  }
}
