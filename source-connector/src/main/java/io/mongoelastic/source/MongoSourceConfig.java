package io.mongoelastic.source;

import com.mongodb.ConnectionString;
import io.mongoelastic.common.tls.TlsConfigBlock;
import io.mongoelastic.common.tls.TlsSettingException;
import io.mongoelastic.source.oplog.OplogHeadroomConfig;
import io.mongoelastic.source.pace.SnapshotPaceConfig;
import io.mongoelastic.source.retry.RetryConfig;
import io.mongoelastic.source.retry.RetryPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;
import org.bson.BsonDocument;

/**
 * The keys of the MongoDB source connector and their typed getters. The connection, snapshot and
 * change-stream keys are declared here; the other groups in blocks of their own ({@link
 * CollectionsConfig}, {@link TopicsConfig}, {@link PollConfig}, {@link OplogHeadroomConfig}, {@link
 * SnapshotPaceConfig}, {@link RetryConfig}, TLS), merged into one definition in the order of the
 * reference. Documentation is generated from {@link #CONFIG}.
 */
public class MongoSourceConfig extends AbstractConfig {
  static final String GROUP_CONNECTION = "Connection";
  static final String GROUP_SNAPSHOT = "Snapshot";
  static final String GROUP_STREAM = "Change stream";

  public static final String MONGODB_URI = "mongodb.uri";
  public static final String MONGODB_DATABASE = "mongodb.database";
  public static final String SNAPSHOT_MODE = "snapshot.mode";
  public static final String SNAPSHOT_CHUNK_SIZE = "snapshot.chunk.size";
  public static final String SNAPSHOT_FETCH_SIZE = "snapshot.fetch.size";
  public static final String SNAPSHOT_RESYNC_REQUEST = "snapshot.resync.request";
  public static final String STREAM_FULL_DOCUMENT = "stream.full.document";
  public static final String STREAM_PIPELINE = "stream.pipeline";
  public static final String STREAM_ON_HISTORY_LOST = "stream.on.history.lost";
  public static final String STREAM_LARGE_EVENTS = "stream.large.events";
  public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";

  static final String GROUP_TLS = "MongoDB TLS";

  /** {@code mongodb.ssl.*}: the connector's own CA and client certificate. */
  public static final TlsConfigBlock MONGODB_TLS = new TlsConfigBlock("mongodb.");

  public static final ConfigDef CONFIG = define(new ConfigDef());

  public MongoSourceConfig(Map<String, String> props) {
    this(CONFIG, props);
  }

  protected MongoSourceConfig(ConfigDef definition, Map<String, String> props) {
    super(definition, props);
  }

  static ConfigDef define(ConfigDef def) {
    int order = 0;
    def.define(
        MONGODB_URI,
        Type.PASSWORD,
        ConfigDef.NO_DEFAULT_VALUE,
        ConnectionStringValidator.INSTANCE,
        Importance.HIGH,
        "MongoDB connection string of a replica set or sharded cluster (change streams need one),"
            + " e.g. mongodb://user:pass@host1,host2/?replicaSet=rs0. A secret: it is never logged"
            + " and error messages mask its credentials; prefer a config provider placeholder such"
            + " as ${es:mongo-source:mongodb.uri}.",
        GROUP_CONNECTION,
        ++order,
        Width.LONG,
        "MongoDB connection string");
    def.define(
        MONGODB_DATABASE,
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        new ConfigDef.NonEmptyStringWithoutControlChars(),
        Importance.HIGH,
        "Database whose collections are copied and followed.",
        GROUP_CONNECTION,
        ++order,
        Width.MEDIUM,
        "Database");
    CollectionsConfig.defineInto(def);
    TopicsConfig.defineInto(def);
    order = 0;
    def.define(
        SNAPSHOT_MODE,
        Type.STRING,
        SnapshotMode.DEFAULT.value(),
        SnapshotMode.validator(),
        Importance.HIGH,
        "When existing documents are copied." + SnapshotMode.describeValues(),
        GROUP_SNAPSHOT,
        ++order,
        Width.SHORT,
        "Snapshot mode");
    def.define(
        SNAPSHOT_CHUNK_SIZE,
        Type.INT,
        10_000,
        Range.between(1, 10_000_000),
        Importance.MEDIUM,
        "The unit used to split a collection into _id ranges for several tasks: at most"
            + " tasks.max ranges of at least this many documents (a collection with fewer than two"
            + " chunks is not split). Each range is read by one _id-ordered query per BSON type"
            + " bracket, continued after the last _id read if its cursor is lost.",
        GROUP_SNAPSHOT,
        ++order,
        Width.SHORT,
        "Snapshot chunk size");
    def.define(
        SNAPSHOT_FETCH_SIZE,
        Type.INT,
        1_000,
        Range.between(1, 100_000),
        Importance.LOW,
        "Cursor batch size of snapshot queries (documents per round trip).",
        GROUP_SNAPSHOT,
        ++order,
        Width.SHORT,
        "Snapshot fetch size");
    def.define(
        SNAPSHOT_RESYNC_REQUEST,
        Type.STRING,
        "",
        ResyncRequestValidator.INSTANCE,
        Importance.MEDIUM,
        "Free-form token that forces a resync: when it differs from the token a collection was"
            + " last synced under (stored in the source offsets), the connector takes a new"
            + " snapshot of that collection (new snapshot id, markers with reason user_requested,"
            + " in every snapshot.mode), then streams from the snapshot's start point. Change it"
            + " to any new value, e.g. the current time, with PUT /connectors/<name>/config (or"
            + " POST /mongoelastic/connectors/<name>/resync on a worker with the mongoelastic REST"
            + " extension). Restarting with the same value does not resync again; a resync"
            + " interrupted by a restart continues. An Elasticsearch sink with resync enabled"
            + " fills a new index and swaps the alias at the end, so documents deleted while"
            + " nothing streamed disappear too.",
        GROUP_SNAPSHOT,
        ++order,
        Width.MEDIUM,
        "Resync request token");
    order = 0;
    def.define(
        STREAM_FULL_DOCUMENT,
        Type.STRING,
        FullDocumentMode.DEFAULT.value(),
        FullDocumentMode.validator(),
        Importance.MEDIUM,
        "The fullDocument option of the change streams." + FullDocumentMode.describeValues(),
        GROUP_STREAM,
        ++order,
        Width.SHORT,
        "Full document mode");
    def.define(
        STREAM_PIPELINE,
        Type.STRING,
        "[]",
        PipelineValidator.INSTANCE,
        Importance.LOW,
        "Extra aggregation stages appended to every change stream, as a JSON array, e.g."
            + " [{\"$match\": {\"operationType\": {\"$ne\": \"delete\"}}}]. Only stages allowed in"
            + " change streams ($match, $project, $addFields, $set, $unset, $replaceRoot,"
            + " $replaceWith, $redact, and $changeStreamSplitLargeEvent as the last stage, which"
            + " splits large events whatever stream.large.events says). Never remove or change"
            + " _id (the resume token), clusterTime (the records' source version), documentKey,"
            + " operationType or ns: stages that visibly do are refused; MongoDB ends a stream"
            + " whose pipeline changes _id at run time (a $replaceRoot, say), and an event without"
            + " clusterTime fails the task, both naming this key.",
        GROUP_STREAM,
        ++order,
        Width.LONG,
        "Pipeline");
    def.define(
        STREAM_ON_HISTORY_LOST,
        Type.STRING,
        HistoryLostPolicy.DEFAULT.value(),
        HistoryLostPolicy.validator(),
        Importance.HIGH,
        "What to do when a stored stream position is no longer in the oplog"
            + " (ChangeStreamHistoryLost, or a resume token that cannot be found)."
            + HistoryLostPolicy.describeValues(),
        GROUP_STREAM,
        ++order,
        Width.SHORT,
        "On lost history");
    def.define(
        STREAM_LARGE_EVENTS,
        Type.STRING,
        LargeEventMode.DEFAULT.value(),
        LargeEventMode.validator(),
        Importance.LOW,
        "How change events over MongoDB's 16 MiB limit (BSONObjectTooLarge) are read, e.g. an"
            + " update of a large document with its full document. The streams never carry"
            + " updateDescription, which the records do not use."
            + LargeEventMode.describeValues(),
        GROUP_STREAM,
        ++order,
        Width.SHORT,
        "Large events");
    def.define(
        HEARTBEAT_INTERVAL_MS,
        Type.LONG,
        10_000L,
        Range.between(0L, 3_600_000L),
        Importance.LOW,
        "How often a quiet collection's stream position (the post-batch resume token) is stored"
            + " through a heartbeat record, so a restart does not replay from an old position."
            + " 0 turns heartbeats off.",
        GROUP_STREAM,
        ++order,
        Width.SHORT,
        "Heartbeat interval (ms)");
    PollConfig.defineInto(def);
    OplogHeadroomConfig.defineInto(def);
    SnapshotPaceConfig.defineInto(def);
    MONGODB_TLS.embedInto(def, GROUP_TLS, "the MongoDB servers");
    RetryConfig.defineInto(def);
    return def;
  }

  public String connectionString() {
    return getPassword(MONGODB_URI).value();
  }

  public ConnectionString parsedConnectionString() {
    return new ConnectionString(connectionString());
  }

  /**
   * The TLS context of {@code mongodb.ssl.*}, or null when none is set.
   *
   * @throws TlsSettingException naming the setting at fault
   */
  public SSLContext sslContext() {
    return MONGODB_TLS.sslContext(values());
  }

  public String database() {
    return getString(MONGODB_DATABASE);
  }

  public List<String> collections() {
    return getList(CollectionsConfig.MONGODB_COLLECTIONS);
  }

  public Optional<Pattern> collectionsRegex() {
    String regex = getString(CollectionsConfig.MONGODB_COLLECTIONS_REGEX);
    return regex == null || regex.isBlank()
        ? Optional.empty()
        : Optional.of(Pattern.compile(regex));
  }

  public long collectionsDiscoveryIntervalMs() {
    return getLong(CollectionsConfig.MONGODB_COLLECTIONS_DISCOVERY_INTERVAL_MS);
  }

  public String topicPrefix() {
    return getString(TopicsConfig.TOPIC_PREFIX);
  }

  /** The topic of one collection: {@code <topic.prefix>.<database>.<collection>}. */
  public String topicFor(String collection) {
    return topicPrefix() + "." + database() + "." + collection;
  }

  public String heartbeatTopic() {
    return getString(TopicsConfig.HEARTBEAT_TOPIC);
  }

  /** Admin client settings (the {@code kafka.admin.} keys without prefix); empty = no admin. */
  public Map<String, Object> kafkaAdminSettings() {
    return TopicsConfig.adminSettings(this);
  }

  public SnapshotMode snapshotMode() {
    return SnapshotMode.parse(getString(SNAPSHOT_MODE));
  }

  public int snapshotChunkSize() {
    return getInt(SNAPSHOT_CHUNK_SIZE);
  }

  public int snapshotFetchSize() {
    return getInt(SNAPSHOT_FETCH_SIZE);
  }

  /** The {@code snapshot.resync.request} token, trimmed; empty when none is set. */
  public String resyncRequest() {
    String token = getString(SNAPSHOT_RESYNC_REQUEST);
    return token == null ? "" : token.trim();
  }

  public FullDocumentMode fullDocumentMode() {
    return FullDocumentMode.parse(getString(STREAM_FULL_DOCUMENT));
  }

  /** The user's extra stages (validated by {@link PipelineValidator}). */
  public List<BsonDocument> pipeline() {
    return PipelineValidator.parse(getString(STREAM_PIPELINE));
  }

  public HistoryLostPolicy historyLostPolicy() {
    return HistoryLostPolicy.parse(getString(STREAM_ON_HISTORY_LOST));
  }

  public LargeEventMode largeEventMode() {
    return LargeEventMode.parse(getString(STREAM_LARGE_EVENTS));
  }

  public long heartbeatIntervalMs() {
    return getLong(HEARTBEAT_INTERVAL_MS);
  }

  public long pollMaxWaitMs() {
    return getLong(PollConfig.POLL_MAX_WAIT_MS);
  }

  public int pollMaxRecords() {
    return getInt(PollConfig.POLL_MAX_RECORDS);
  }

  public int pollMaxOutstandingRecords() {
    return getInt(PollConfig.POLL_MAX_OUTSTANDING_RECORDS);
  }

  public RetryPolicy retryPolicy() {
    return RetryConfig.policy(this);
  }

  /** For validators that receive a {@link Password}. */
  static String passwordValue(Object value) {
    if (value instanceof Password p) {
      return p.value();
    }
    return value == null ? null : value.toString();
  }
}
