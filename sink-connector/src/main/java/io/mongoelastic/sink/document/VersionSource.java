package io.mongoelastic.sink.document;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Where the external version of a write comes from, config key {@code document.version.source}.
 * With a version, index and delete actions carry {@code version_type: external}, so Elasticsearch
 * refuses a write whose version is not greater than the stored one (a replay, or a snapshot record
 * older than a change already applied); the bulk path counts such a conflict as done.
 */
public enum VersionSource {
  /**
   * The int64 header {@value RecordClassifier#SOURCE_VERSION_HEADER} written by this project's
   * MongoDB source connector. A record without the header is written without a version.
   */
  SOURCE_HEADER,
  /** The record's original Kafka offset (one partition per document key keeps it monotonic). */
  KAFKA_OFFSET,
  /** No versioning: the last write wins. Required with the {@code upsert} write method. */
  NONE;

  /** The default value, {@code source_header}. */
  public static final String DEFAULT = "source_header";

  /** Documentation for the config key. */
  public static final String DOC =
      "Which version guards writes against regressions: 'source_header' uses the int64 header "
          + RecordClassifier.SOURCE_VERSION_HEADER
          + " set by the MongoDB source connector (records without it are written unversioned),"
          + " 'kafka_offset' uses the record's original Kafka offset, 'none' writes without a"
          + " version (last write wins). With a version, Elasticsearch refuses a write that is not"
          + " newer than the stored document and the sink counts it as done. The 'upsert' write"
          + " method needs 'none', because Elasticsearch updates do not support external versions.";

  /** The validator for the config key. */
  public static ConfigDef.Validator validator() {
    return LowerSnakeEnumValidator.of(VersionSource.class);
  }

  /** The constant for a config value; the error names {@code key}. */
  public static VersionSource forConfigValue(String key, String value) {
    return LowerSnakeEnumValidator.parse(VersionSource.class, key, value);
  }

  /** The lower_snake config value. */
  public String configValue() {
    return LowerSnakeEnumValidator.configValue(this);
  }
}
