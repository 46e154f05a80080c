package io.mongoelastic.source.oplog;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** The keys of the "Oplog headroom" group: how often headroom is measured, when it warns. */
public final class OplogHeadroomConfig {
  static final String GROUP = "Oplog headroom";

  public static final String INTERVAL_MS = "stream.oplog.headroom.interval.ms";
  public static final String WARN_PERCENT = "stream.oplog.headroom.warn.percent";

  private OplogHeadroomConfig() {}

  public static void defineInto(ConfigDef def) {
    int order = 0;
    def.define(
        INTERVAL_MS,
        Type.LONG,
        60_000L,
        Range.between(0L, 86_400_000L),
        Importance.LOW,
        "How often each task measures its oplog headroom: how far its change stream's position is"
            + " from the oldest entry the oplog still keeps (read from local.oplog.rs, which needs"
            + " the read privilege on the 'local' database; without it headroom is not reported"
            + " and one WARN says so). Published as the task MBean's OplogHeadroomMs and"
            + " OplogHeadroomPercent and in GET /mongoelastic/status. 0 turns it off.",
        GROUP,
        ++order,
        Width.SHORT,
        "Oplog headroom interval (ms)");
    def.define(
        WARN_PERCENT,
        Type.DOUBLE,
        20.0,
        Range.between(0.0, 100.0),
        Importance.MEDIUM,
        "A task logs a WARN when its headroom falls below this percentage of the oplog window"
            + " (the time between the oldest and the newest oplog entry): the stream is close to"
            + " losing history, after which stream.on.history.lost applies. Remedy: a larger oplog"
            + " (replSetResizeOplog, or a minimum retention period), or a faster pipeline."
            + " 0 turns the warning off.",
        GROUP,
        ++order,
        Width.SHORT,
        "Oplog headroom warning (%)");
  }

  /** The settings of one task. */
  public record Settings(long intervalMs, double warnPercent) {
    public static Settings of(AbstractConfig config) {
      return new Settings(config.getLong(INTERVAL_MS), config.getDouble(WARN_PERCENT));
    }
  }
}
