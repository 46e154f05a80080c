package io.mongoelastic.sink.document;

import org.apache.kafka.common.config.ConfigDef;

/**
 * What the sink does with a tombstone (a record whose value is null), config key {@code
 * behavior.on.null.values}.
 */
public enum NullValueBehavior {
  /** Delete the document whose id the record key gives (the MongoDB source's delete events). */
  DELETE,
  /** Skip the record; it counts as done. */
  IGNORE,
  /** Fail the task, naming the record. */
  FAIL;

  /** The default value, {@code delete}. */
  public static final String DEFAULT = "delete";

  /** Documentation for the config key. */
  public static final String DOC =
      "What to do with a record whose value is null (a tombstone): 'delete' deletes the document"
          + " with the id derived from the record key (a tombstone without a key is then"
          + " malformed), 'ignore' skips the record, 'fail' stops the task.";

  /** The validator for the config key. */
  public static ConfigDef.Validator validator() {
    return LowerSnakeEnumValidator.of(NullValueBehavior.class);
  }

  /** The constant for a config value; the error names {@code key}. */
  public static NullValueBehavior forConfigValue(String key, String value) {
    return LowerSnakeEnumValidator.parse(NullValueBehavior.class, key, value);
  }

  /** The lower_snake config value. */
  public String configValue() {
    return LowerSnakeEnumValidator.configValue(this);
  }
}
