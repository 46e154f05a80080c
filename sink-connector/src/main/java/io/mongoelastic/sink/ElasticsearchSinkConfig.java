package io.mongoelastic.sink;

import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import io.mongoelastic.sink.bulk.BulkSettings;
import io.mongoelastic.sink.document.MalformedDocumentBehavior;
import io.mongoelastic.sink.document.MappingErrorBehavior;
import io.mongoelastic.sink.document.NullValueBehavior;
import io.mongoelastic.sink.document.VersionSource;
import io.mongoelastic.sink.document.WriteMethod;
import io.mongoelastic.sink.index.IndexCreationBody;
import io.mongoelastic.sink.index.IndexDefaults;
import io.mongoelastic.sink.resync.ResyncSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Every key of the Elasticsearch sink connector: the embedded Elasticsearch connection block, index
 * naming and creation, document handling, then the bulk and retry keys ({@link BulkConfig}) and the
 * resync keys ({@link ResyncConfig}). Holds keys and typed getters only; cross-key checks live in
 * {@link SinkConfigValidator}.
 */
public class ElasticsearchSinkConfig extends AbstractConfig {
  static final String INDEX_GROUP = "Index";
  static final String DOCUMENT_GROUP = "Documents";

  public static final String INDEX_NAME_PATTERN = "index.name.pattern";
  public static final String INDEX_TOPIC_MAP = "index.topic.map";
  public static final String INDEX_CREATE = "index.create";
  public static final String INDEX_SETTINGS = "index.settings";
  public static final String INDEX_MAPPING = "index.mapping";
  public static final String INDEX_DEFAULTS = "index.defaults";

  public static final String PIPELINE = "pipeline";
  public static final String ROUTING_FROM_KEY = "routing.from.key";
  public static final String WRITE_METHOD = "write.method";
  public static final String BEHAVIOR_ON_NULL_VALUES = "behavior.on.null.values";
  public static final String BEHAVIOR_ON_MALFORMED_DOCUMENTS = "behavior.on.malformed.documents";
  public static final String DOCUMENT_VERSION_SOURCE = "document.version.source";
  public static final String BEHAVIOR_ON_MAPPING_ERRORS = "behavior.on.mapping.errors";

  public static final String TOPIC_PLACEHOLDER = "${topic}";

  public static final ConfigDef CONFIG_DEF = define();

  public ElasticsearchSinkConfig(Map<String, ?> settings) {
    super(CONFIG_DEF, settings);
  }

  private static ConfigDef define() {
    ConfigDef def = ElasticsearchConnectionConfig.embedInto(new ConfigDef());
    int order = 0;
    def.define(
            INDEX_NAME_PATTERN,
            Type.STRING,
            TOPIC_PLACEHOLDER,
            new ConfigDef.NonEmptyString(),
            Importance.HIGH,
            "Name of the index (or alias) a record is written to, where "
                + TOPIC_PLACEHOLDER
                + " stands for the record's topic. The result is made a valid index name"
                + " (lower case, forbidden characters replaced). Topics listed in "
                + INDEX_TOPIC_MAP
                + " use the map instead. If the name is an existing alias the sink writes"
                + " through it.",
            INDEX_GROUP,
            ++order,
            Width.MEDIUM,
            "Index name pattern")
        .define(
            INDEX_TOPIC_MAP,
            Type.LIST,
            "",
            new TopicIndexMapValidator(),
            Importance.MEDIUM,
            "Explicit index (or alias) per topic, as comma-separated topic:index pairs, e.g."
                + " 'mongodb.shop.orders:orders,mongodb.shop.users:users'. Takes precedence over "
                + INDEX_NAME_PATTERN
                + ".",
            INDEX_GROUP,
            ++order,
            Width.LONG,
            "Topic to index map")
        .define(
            INDEX_CREATE,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Create a missing index when its topic's partitions are assigned (in the"
                + " background, when the name follows from the topic alone: no transforms, resync"
                + " off) and otherwise before the first write to it, with "
                + INDEX_SETTINGS
                + " and "
                + INDEX_MAPPING
                + " merged over "
                + INDEX_DEFAULTS
                + " (settings in the creation request override those of a matching index"
                + " template). Set to false to leave creation to Elasticsearch's"
                + " automatic index creation and your templates. Existing indices and aliases"
                + " are never changed.",
            INDEX_GROUP,
            ++order,
            Width.SHORT,
            "Create indices")
        .define(
            INDEX_SETTINGS,
            Type.STRING,
            null,
            new JsonObjectValidator(),
            Importance.LOW,
            "JSON object of index settings used when the sink creates an index, e.g."
                + " {\"number_of_shards\":1,\"refresh_interval\":\"5s\"}, deep-merged over "
                + INDEX_DEFAULTS
                + " (your value wins per setting). Unset: the defaults alone.",
            INDEX_GROUP,
            ++order,
            Width.LONG,
            "Index settings (JSON)")
        .define(
            INDEX_MAPPING,
            Type.STRING,
            null,
            new JsonObjectValidator(),
            Importance.LOW,
            "JSON object of mappings used when the sink creates an index, e.g."
                + " {\"properties\":{\"name\":{\"type\":\"keyword\"}}}, deep-merged over "
                + INDEX_DEFAULTS
                + " (your value wins; your dynamic_templates come before the defaults'). Unset:"
                + " the defaults alone.",
            INDEX_GROUP,
            ++order,
            Width.LONG,
            "Index mapping (JSON)")
        .define(
            INDEX_DEFAULTS,
            Type.STRING,
            IndexDefaults.DEFAULT,
            IndexDefaults.validator(),
            Importance.MEDIUM,
            IndexDefaults.DOC,
            INDEX_GROUP,
            ++order,
            Width.SHORT,
            "Index defaults");

    order = 0;
    def.define(
            WRITE_METHOD,
            Type.STRING,
            WriteMethod.DEFAULT,
            WriteMethod.validator(),
            Importance.MEDIUM,
            WriteMethod.DOC,
            DOCUMENT_GROUP,
            ++order,
            Width.SHORT,
            "Write method")
        .define(
            DOCUMENT_VERSION_SOURCE,
            Type.STRING,
            VersionSource.DEFAULT,
            VersionSource.validator(),
            Importance.MEDIUM,
            VersionSource.DOC,
            DOCUMENT_GROUP,
            ++order,
            Width.SHORT,
            "Version source")
        .define(
            BEHAVIOR_ON_NULL_VALUES,
            Type.STRING,
            NullValueBehavior.DEFAULT,
            NullValueBehavior.validator(),
            Importance.MEDIUM,
            NullValueBehavior.DOC,
            DOCUMENT_GROUP,
            ++order,
            Width.SHORT,
            "Behavior on null values")
        .define(
            BEHAVIOR_ON_MALFORMED_DOCUMENTS,
            Type.STRING,
            MalformedDocumentBehavior.DEFAULT,
            MalformedDocumentBehavior.validator(),
            Importance.MEDIUM,
            MalformedDocumentBehavior.DOC,
            DOCUMENT_GROUP,
            ++order,
            Width.SHORT,
            "Behavior on malformed documents")
        .define(
            BEHAVIOR_ON_MAPPING_ERRORS,
            Type.STRING,
            MappingErrorBehavior.DEFAULT,
            MappingErrorBehavior.validator(),
            Importance.MEDIUM,
            MappingErrorBehavior.DOC,
            DOCUMENT_GROUP,
            ++order,
            Width.SHORT,
            "Behavior on mapping errors")
        .define(
            PIPELINE,
            Type.STRING,
            null,
            new OptionalNameValidator(),
            Importance.LOW,
            "Ingest pipeline every index action runs through. The pipeline must exist:"
                + " validation checks it, and a write that Elasticsearch refuses because the"
                + " pipeline is missing fails the task with a message naming this key. Unset:"
                + " the index's default pipeline, if any.",
            DOCUMENT_GROUP,
            ++order,
            Width.MEDIUM,
            "Ingest pipeline")
        .define(
            ROUTING_FROM_KEY,
            Type.BOOLEAN,
            false,
            Importance.LOW,
            "Use the document id (derived from the record key) as the routing value, so all"
                + " writes of one key land on one shard chosen by the key. Leave false unless"
                + " your queries route by the same value.",
            DOCUMENT_GROUP,
            ++order,
            Width.SHORT,
            "Routing from key");

    BulkConfig.defineInto(def);
    ResyncConfig.defineInto(def);
    return def;
  }

  public ElasticsearchConnectionConfig connection() {
    return ElasticsearchConnectionConfig.from(originalsStrings());
  }

  public String indexNamePattern() {
    return getString(INDEX_NAME_PATTERN);
  }

  /** Topic to index map in the order given. */
  public Map<String, String> indexTopicMap() {
    return parseTopicMap(getList(INDEX_TOPIC_MAP));
  }

  public boolean indexCreate() {
    return getBoolean(INDEX_CREATE);
  }

  /**
   * The index creation body, {"settings":…,"mappings":…}: {@link #indexDefaults()} with {@value
   * #INDEX_SETTINGS} and {@value #INDEX_MAPPING} merged over them, or null for an empty body.
   */
  public String indexCreationBody() {
    return IndexCreationBody.of(
        indexDefaults(), getString(INDEX_SETTINGS), getString(INDEX_MAPPING));
  }

  public IndexDefaults indexDefaults() {
    return IndexDefaults.forConfigValue(INDEX_DEFAULTS, getString(INDEX_DEFAULTS));
  }

  public String pipeline() {
    String pipeline = getString(PIPELINE);
    return isBlank(pipeline) ? null : pipeline.trim();
  }

  public boolean routingFromKey() {
    return getBoolean(ROUTING_FROM_KEY);
  }

  public WriteMethod writeMethod() {
    return WriteMethod.forConfigValue(WRITE_METHOD, getString(WRITE_METHOD));
  }

  public VersionSource versionSource() {
    return VersionSource.forConfigValue(
        DOCUMENT_VERSION_SOURCE, getString(DOCUMENT_VERSION_SOURCE));
  }

  public NullValueBehavior nullValueBehavior() {
    return NullValueBehavior.forConfigValue(
        BEHAVIOR_ON_NULL_VALUES, getString(BEHAVIOR_ON_NULL_VALUES));
  }

  public MalformedDocumentBehavior malformedDocumentBehavior() {
    return MalformedDocumentBehavior.forConfigValue(
        BEHAVIOR_ON_MALFORMED_DOCUMENTS, getString(BEHAVIOR_ON_MALFORMED_DOCUMENTS));
  }

  public MappingErrorBehavior mappingErrorBehavior() {
    return MappingErrorBehavior.forConfigValue(
        BEHAVIOR_ON_MAPPING_ERRORS, getString(BEHAVIOR_ON_MAPPING_ERRORS));
  }

  /** The sizing, timing and retry limits of the bulk path. */
  public BulkSettings bulkSettings() {
    return BulkConfig.settings(this);
  }

  /** Least milliseconds between two commit requests; 0 = never request. */
  public long offsetCommitRequestIntervalMs() {
    return getLong(BulkConfig.OFFSET_COMMIT_REQUEST_INTERVAL_MS);
  }

  /**
   * Whether the resync runs. Left at its default it follows the version source, since a resync
   * needs source versions (an upsert sink, say, needs no extra setting); set explicitly to true
   * with another version source it stays on and validation refuses the combination.
   */
  public boolean resyncEnabled() {
    return getBoolean(ResyncConfig.ENABLED)
        && (versionSource() == VersionSource.SOURCE_HEADER
            || originals().containsKey(ResyncConfig.ENABLED));
  }

  /** The resync coordinator's settings; new physical indices get {@link #indexCreationBody()}. */
  public ResyncSettings resyncSettings() {
    return ResyncConfig.settings(this, indexCreationBody());
  }

  static Map<String, String> parseTopicMap(List<String> entries) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String entry : entries) {
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.lastIndexOf(':');
      map.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
    }
    return map;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
