package io.mongoelastic.source;

import java.util.Arrays;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/**
 * What a task does when a change stream cannot resume because the oplog no longer holds its
 * position ({@code stream.on.history.lost}).
 */
public enum HistoryLostPolicy {
  RESNAPSHOT(
      "log a warning and snapshot the affected collection again (with new snapshot markers), then"
          + " stream from a fresh position; nothing is skipped silently"),
  FAIL("fail the task; an operator decides (for example reset the offsets or set resnapshot)");

  public static final HistoryLostPolicy DEFAULT = RESNAPSHOT;

  private final String description;

  HistoryLostPolicy(String description) {
    this.description = description;
  }

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static HistoryLostPolicy parse(String value) {
    return ConfigEnums.parse(HistoryLostPolicy.class, value);
  }

  public static ConfigDef.Validator validator() {
    return ConfigEnums.validator(HistoryLostPolicy.class);
  }

  public static String describeValues() {
    return ConfigEnums.describe(
        Arrays.stream(values()).map(m -> new String[] {m.value(), m.description}).toList());
  }
}
