package io.mongoelastic.sink.document;

import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;

/** How a record's document is written, config key {@code write.method}. */
public enum WriteMethod {
  /** An {@code index} action: the record's document replaces the stored one. */
  INDEX,
  /**
   * An {@code update} action with {@code doc_as_upsert}: the record's fields are merged into the
   * stored document, which is created if missing. Elasticsearch updates support neither external
   * versions nor a per-action ingest pipeline.
   */
  UPSERT;

  /** The default value, {@code index}. */
  public static final String DEFAULT = "index";

  /** Documentation for the config key. */
  public static final String DOC =
      "How documents are written: 'index' replaces the stored document with the record's,"
          + " 'upsert' merges the record's fields into the stored document (creating it when"
          + " missing). 'upsert' cannot be combined with external versions (set document.version.source to"
          + " 'none') nor with an ingest pipeline, because Elasticsearch updates support neither.";

  /** The validator for the config key. */
  public static ConfigDef.Validator validator() {
    return LowerSnakeEnumValidator.of(WriteMethod.class);
  }

  /** The constant for a config value; the error names {@code key}. */
  public static WriteMethod forConfigValue(String key, String value) {
    return LowerSnakeEnumValidator.parse(WriteMethod.class, key, value);
  }

  /** The lower_snake config value. */
  public String configValue() {
    return LowerSnakeEnumValidator.configValue(this);
  }

  /**
   * Why this write method cannot work with the other settings, for the connector's cross-key
   * validation (attach the message to {@code write.method}); empty when they fit.
   *
   * @param versionSource the configured version source
   * @param pipelineConfigured whether an ingest pipeline is configured
   */
  public Optional<String> conflictWith(VersionSource versionSource, boolean pipelineConfigured) {
    if (this != UPSERT) {
      return Optional.empty();
    }
    if (versionSource != VersionSource.NONE) {
      return Optional.of(
          "write method 'upsert' cannot use external versions (document.version.source="
              + versionSource.configValue()
              + "): Elasticsearch updates do not support them. Set document.version.source=none, or use"
              + " write.method=index.");
    }
    if (pipelineConfigured) {
      return Optional.of(
          "write method 'upsert' cannot use an ingest pipeline: Elasticsearch update actions do"
              + " not take one. Remove the pipeline, or use write.method=index.");
    }
    return Optional.empty();
  }
}
