package io.mongoelastic.sink;

import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import io.mongoelastic.sink.bulk.BulkSettings;
import io.mongoelastic.sink.document.MalformedDocumentBehavior;
import io.mongoelastic.sink.document.NullValueBehavior;
import io.mongoelastic.sink.document.VersionSource;
import io.mongoelastic.sink.document.WriteMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Every key of the Elasticsearch sink connector: the embedded Elasticsearch connection block plus
 * index naming and creation, document handling, bulk sizing, backpressure and retries. Holds keys
 * and typed getters only; cross-key checks live in {@link SinkConfigValidator}.
 */
public class ElasticsearchSinkConfig extends AbstractConfig {
  static final String INDEX_GROUP = "Index";
  static final String DOCUMENT_GROUP = "Documents";
  static final String BULK_GROUP = "Bulk requests";
  static final String RETRY_GROUP = "Retries and backpressure";

  public static final String INDEX_NAME_PATTERN = "index.name.pattern";
  public static final String INDEX_TOPIC_MAP = "index.topic.map";
  public static final String INDEX_CREATE = "index.create";
  public static final String INDEX_SETTINGS = "index.settings";
  public static final String INDEX_MAPPING = "index.mapping";

  public static final String PIPELINE = "pipeline";
  public static final String ROUTING_FROM_KEY = "routing.from.key";
  public static final String WRITE_METHOD = "write.method";
  public static final String BEHAVIOR_ON_NULL_VALUES = "behavior.on.null.values";
  public static final String BEHAVIOR_ON_MALFORMED_DOCUMENTS = "behavior.on.malformed.documents";
  public static final String DOCUMENT_VERSION_SOURCE = "document.version.source";

  public static final String BULK_MAX_ACTIONS = "bulk.max.actions";
  public static final String BULK_MAX_BYTES = "bulk.max.bytes";
  public static final String BULK_LINGER_MS = "bulk.linger.ms";
  public static final String BULK_CONCURRENT_REQUESTS = "bulk.concurrent.requests";

  public static final String BUFFER_MAX_BYTES = "buffer.max.bytes";
  public static final String RETRY_BUDGET_MS = "retry.budget.ms";
  public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

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
            "Create a missing index before the first write to it, with "
                + INDEX_SETTINGS
                + " and "
                + INDEX_MAPPING
                + " when given, otherwise with dynamic mapping (and whatever index template"
                + " matches the name). Set to false to leave creation to Elasticsearch's"
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
                + " {\"number_of_shards\":1,\"refresh_interval\":\"5s\"}. Unset: the cluster's"
                + " defaults and matching templates.",
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
                + " {\"properties\":{\"name\":{\"type\":\"keyword\"}}}. Unset: dynamic"
                + " mapping (and matching templates).",
            INDEX_GROUP,
            ++order,
            Width.LONG,
            "Index mapping (JSON)");

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

    order = 0;
    def.define(
            BULK_MAX_ACTIONS,
            Type.INT,
            2_000,
            Range.between(1, 100_000),
            Importance.MEDIUM,
            "Most actions in one bulk request. A request is sent as soon as a request slot is"
                + " free and its oldest action has waited "
                + BULK_LINGER_MS
                + ", or at once when the queue reaches this count or "
                + BULK_MAX_BYTES
                + "; while every slot is busy, actions accumulate, so requests grow with the"
                + " load up to these limits.",
            BULK_GROUP,
            ++order,
            Width.SHORT,
            "Bulk max actions")
        .define(
            BULK_MAX_BYTES,
            Type.LONG,
            5L * 1024 * 1024,
            Range.between(1024, 100L * 1024 * 1024),
            Importance.MEDIUM,
            "Most bytes of NDJSON in one bulk request (a single larger action is still sent"
                + " alone). Keep it well under the cluster's http.max_content_length (100 MB by"
                + " default).",
            BULK_GROUP,
            ++order,
            Width.SHORT,
            "Bulk max bytes")
        .define(
            BULK_LINGER_MS,
            Type.LONG,
            5L,
            Range.between(0, 60_000),
            Importance.MEDIUM,
            "Milliseconds the oldest queued action waits for more actions to share its bulk"
                + " request when a request slot is free (counted from that action, not from the"
                + " last request). Under load requests fill up while every slot is busy, so a"
                + " short linger costs no throughput; the default keeps a change's trip through"
                + " the sink to a few milliseconds plus the request itself. Raise it (e.g. 50-1000)"
                + " to trade freshness for fewer, larger requests on a cluster that is busy with"
                + " other work; 0 sends whatever is queued the moment a slot is free.",
            BULK_GROUP,
            ++order,
            Width.SHORT,
            "Bulk linger (ms)")
        .define(
            BULK_CONCURRENT_REQUESTS,
            Type.INT,
            2,
            Range.between(1, 32),
            Importance.MEDIUM,
            "Most bulk requests one task has in flight at once. Two keep the node busy while"
                + " the next request is being built; writes to one document id are never in two"
                + " requests at once.",
            BULK_GROUP,
            ++order,
            Width.SHORT,
            "Concurrent bulk requests");

    order = 0;
    def.define(
            BUFFER_MAX_BYTES,
            Type.LONG,
            64L * 1024 * 1024,
            Range.between(1024, 8L * 1024 * 1024 * 1024),
            Importance.MEDIUM,
            "Most bytes of documents a task holds that Elasticsearch has not yet acknowledged"
                + " (queued, in flight or waiting for a retry). Above it the task pauses its"
                + " partitions, and resumes them when the buffer has drained to half. The task"
                + " also pauses while the cluster cannot be reached.",
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Buffer max bytes")
        .define(
            RETRY_BUDGET_MS,
            Type.LONG,
            30L * 60 * 1000,
            Range.between(0, 7L * 24 * 3600 * 1000),
            Importance.MEDIUM,
            "Most milliseconds a write may keep being retried (rejections with 429/503,"
                + " timeouts, an unreachable or failing cluster) before the task fails. Until"
                + " then the task stays up and pauses consumption.",
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Retry budget (ms)")
        .define(
            RETRY_BACKOFF_INITIAL_MS,
            Type.LONG,
            100L,
            Range.between(1, 600_000),
            Importance.LOW,
            "Wait before the first retry of a write; doubled on each further attempt up to "
                + RETRY_BACKOFF_MAX_MS
                + ", with random jitter of up to half the wait.",
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Initial retry backoff (ms)")
        .define(
            RETRY_BACKOFF_MAX_MS,
            Type.LONG,
            10_000L,
            Range.between(1, 3_600_000),
            Importance.LOW,
            "Longest wait between two retries of a write.",
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Max retry backoff (ms)");
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

  /** The index creation body: {"settings":…,"mappings":…} or null for an empty body. */
  public String indexCreationBody() {
    String settings = getString(INDEX_SETTINGS);
    String mapping = getString(INDEX_MAPPING);
    if (isBlank(settings) && isBlank(mapping)) {
      return null;
    }
    StringBuilder body = new StringBuilder("{");
    if (!isBlank(settings)) {
      body.append("\"settings\":").append(settings.trim());
    }
    if (!isBlank(mapping)) {
      body.append(isBlank(settings) ? "" : ",").append("\"mappings\":").append(mapping.trim());
    }
    return body.append('}').toString();
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

  public int bulkMaxActions() {
    return getInt(BULK_MAX_ACTIONS);
  }

  public long bulkMaxBytes() {
    return getLong(BULK_MAX_BYTES);
  }

  public long bulkLingerMs() {
    return getLong(BULK_LINGER_MS);
  }

  public int bulkConcurrentRequests() {
    return getInt(BULK_CONCURRENT_REQUESTS);
  }

  public long bufferMaxBytes() {
    return getLong(BUFFER_MAX_BYTES);
  }

  public long retryBudgetMs() {
    return getLong(RETRY_BUDGET_MS);
  }

  public long retryBackoffInitialMs() {
    return getLong(RETRY_BACKOFF_INITIAL_MS);
  }

  public long retryBackoffMaxMs() {
    return getLong(RETRY_BACKOFF_MAX_MS);
  }

  /** The sizing, timing and retry limits of the bulk path. */
  public BulkSettings bulkSettings() {
    return new BulkSettings(
        bulkMaxActions(),
        bulkMaxBytes(),
        bulkLingerMs(),
        bulkConcurrentRequests(),
        bufferMaxBytes(),
        retryBudgetMs(),
        retryBackoffInitialMs(),
        retryBackoffMaxMs());
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
