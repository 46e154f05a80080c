package io.mongoelastic.sink.index;

import io.mongoelastic.sink.document.LowerSnakeEnumValidator;
import org.apache.kafka.common.config.ConfigDef;

/**
 * What the sink puts into the body of an index it creates before {@code index.settings} and {@code
 * index.mapping} are merged over it, config key {@code index.defaults}.
 */
public enum IndexDefaults {
  /** The mirror-safe settings and mapping of {@link MirrorSafeIndex}. */
  MIRROR_SAFE,
  /** Nothing: only the user's settings and mapping, else Elasticsearch's defaults and templates. */
  NONE;

  /** The default value, {@code mirror_safe}. */
  public static final String DEFAULT = "mirror_safe";

  /** Documentation for the config key. */
  public static final String DOC =
      "What an index the sink creates (the index itself, or each physical index of a resync)"
          + " starts from. 'mirror_safe': settings and a mapping under which any MongoDB document"
          + " the source writes can be indexed: floating numbers as double, integers as long,"
          + " strings as text with a 'keyword' subfield (ignore_above 256), only the source's"
          + " date form (strict_date_time) detected as date, numeric detection off,"
          + " index.mapping.ignore_malformed=true, a nesting depth limit of 101, a field limit of"
          + " 5000 with fields beyond it kept unindexed, and the '_mongoelastic' fallback fields"
          + " (see docs/elasticsearch-sink.md). 'none': nothing but index.settings and"
          + " index.mapping (Elasticsearch's dynamic mapping and your index templates decide the"
          + " rest). index.settings and index.mapping are deep-merged over the defaults, the"
          + " user's value winning.";

  /** The validator for the config key. */
  public static ConfigDef.Validator validator() {
    return LowerSnakeEnumValidator.of(IndexDefaults.class);
  }

  /** The constant for a config value; the error names {@code key}. */
  public static IndexDefaults forConfigValue(String key, String value) {
    return LowerSnakeEnumValidator.parse(IndexDefaults.class, key, value);
  }
}
