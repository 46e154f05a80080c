package io.mongoelastic.sink.document;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Where the external version of a write comes from, config key {@code document.version.source}.
 * With a version, index and delete actions carry an external version type, so Elasticsearch refuses
 * a write whose version is older than the stored one (a replay, or a snapshot record older than a
 * change already applied); the bulk path counts such a conflict as done.
 */
public enum VersionSource {
  /**
   * The int64 header {@value RecordClassifier#SOURCE_VERSION_HEADER} written by this project's
   * MongoDB source connector. A record without the header is written without a version.
   *
   * <p>Written as {@code external_gte}: an equal version is accepted. The version is a cluster
   * time, and several writes of one document in one MongoDB transaction share it; with plain {@code
   * external} the second (say the delete after an insert) would be refused and the index would keep
   * the first. Equal versions only ever arrive in the order the source produced them (one key, one
   * partition), so accepting them lets the last one win.
   */
  SOURCE_HEADER("external_gte"),
  /** The record's original Kafka offset (one partition per document key keeps it monotonic). */
  KAFKA_OFFSET("external"),
  /** No versioning: the last write wins. Required with the {@code upsert} write method. */
  NONE(null);

  private final String versionType;

  VersionSource(String versionType) {
    this.versionType = versionType;
  }

  /** The bulk {@code version_type} that goes with these versions; null for {@link #NONE}. */
  public String versionType() {
    return versionType;
  }

  /** The default value, {@code source_header}. */
  public static final String DEFAULT = "source_header";

  /** Documentation for the config key. */
  public static final String DOC =
      "Which version guards writes against regressions: 'source_header' uses the int64 header "
          + RecordClassifier.SOURCE_VERSION_HEADER
          + " set by the MongoDB source connector (records without it are written unversioned),"
          + " 'kafka_offset' uses the record's original Kafka offset, 'none' writes without a"
          + " version (last write wins). With a version, Elasticsearch refuses a write that is older"
          + " than the stored document and the sink counts it as done ('source_header' accepts an"
          + " equal version, which the writes of one MongoDB transaction share; 'kafka_offset'"
          + " needs a strictly greater one). The 'upsert' write"
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
