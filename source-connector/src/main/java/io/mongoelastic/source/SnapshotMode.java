package io.mongoelastic.source;

import java.util.Arrays;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/** When the connector copies a collection's existing documents ({@code snapshot.mode}). */
public enum SnapshotMode {
  INITIAL("snapshot every collection that has no stored offsets, then stream its changes"),
  NEVER(
      "never snapshot; collections without stored offsets are streamed from the moment the connector starts"),
  INITIAL_ONLY("snapshot every collection that has no stored offsets, then stop (no streaming)"),
  WHEN_NEEDED(
      "like initial, and also re-snapshot a collection whenever its stored stream position can no"
          + " longer be resumed, whatever stream.on.history.lost says");

  public static final SnapshotMode DEFAULT = INITIAL;

  private final String description;

  SnapshotMode(String description) {
    this.description = description;
  }

  /** The lower_snake value users write. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean snapshotsNewCollections() {
    return this != NEVER;
  }

  public boolean streams() {
    return this != INITIAL_ONLY;
  }

  public static SnapshotMode parse(String value) {
    return ConfigEnums.parse(SnapshotMode.class, value);
  }

  public static ConfigDef.Validator validator() {
    return ConfigEnums.validator(SnapshotMode.class);
  }

  /** One line per value, for the key's documentation. */
  public static String describeValues() {
    return ConfigEnums.describe(
        Arrays.stream(values()).map(m -> new String[] {m.value(), m.description}).toList());
  }
}
