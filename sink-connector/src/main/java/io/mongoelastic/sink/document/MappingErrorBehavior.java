package io.mongoelastic.sink.document;

import org.apache.kafka.common.config.ConfigDef;

/**
 * What the sink does when Elasticsearch refuses a document because of one of its fields (a mapping
 * or parsing error of an index action), config key {@code behavior.on.mapping.errors}.
 */
public enum MappingErrorBehavior {
  /**
   * Index the document again with the refused part kept but not indexed ({@link
   * UnindexedFallback}).
   */
  KEEP_UNINDEXED,
  /** Hand the record to {@code behavior.on.malformed.documents} at once. */
  MALFORMED;

  /** The default value, {@code keep_unindexed}. */
  public static final String DEFAULT = "keep_unindexed";

  /** Documentation for the config key. */
  public static final String DOC =
      "What to do when Elasticsearch refuses a document because of a field (a mapping or parsing"
          + " error: a mixed object/scalar array, an object where the mapping has a value, a"
          + " metadata name such as _source, nesting beyond the depth limit, an empty field"
          + " name). 'keep_unindexed': index the document again with that field moved, unchanged,"
          + " under _mongoelastic.stored (kept in _source, not indexed) and its path listed in"
          + " _mongoelastic.unindexed, repeated per refused field (after 10 fields the whole"
          + " document is moved), counted in KeptUnindexedTotal; only a document refused even"
          + " then goes to behavior.on.malformed.documents. Needs the _mongoelastic mapping that"
          + " index.defaults=mirror_safe creates. Upserts are not rewritten. 'malformed': hand the"
          + " record to behavior.on.malformed.documents at once.";

  /** The validator for the config key. */
  public static ConfigDef.Validator validator() {
    return LowerSnakeEnumValidator.of(MappingErrorBehavior.class);
  }

  /** The constant for a config value; the error names {@code key}. */
  public static MappingErrorBehavior forConfigValue(String key, String value) {
    return LowerSnakeEnumValidator.parse(MappingErrorBehavior.class, key, value);
  }
}
