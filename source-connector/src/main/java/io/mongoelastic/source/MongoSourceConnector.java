package io.mongoelastic.source;

import com.mongodb.client.MongoClient;
import io.mongoelastic.common.tls.TlsSettingException;
import io.mongoelastic.source.offset.OffsetLookup;
import io.mongoelastic.source.pace.SnapshotPaceConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies MongoDB collections into Kafka and then follows their changes.
 *
 * <h2>Protocol</h2>
 *
 * <ol>
 *   <li><b>Planning</b> (this class, each time task configs are computed). The collections are
 *       resolved ({@code mongodb.collections}, {@code mongodb.collections.regex}) and sorted. For
 *       each one the committed offsets decide: no offset and a snapshotting {@code snapshot.mode} →
 *       a new snapshot is planned: the change-stream start point (the cluster time and post-batch
 *       resume token of an empty change stream) is captured <em>first</em>, then the collection's
 *       highest {@code _id} (the snapshot's bound: the last range is read up to it, see {@link
 *       io.mongoelastic.source.snapshot.SnapshotBound}), then {@code _id} split points, quantiles
 *       of a {@code $sample} of ids, divide the collection into up to {@code tasks.max} ranges of
 *       at least {@code snapshot.chunk.size} documents (one range for a collection with a
 *       non-simple default collation, whose queries would compare string ids otherwise than the
 *       range streams). A snapshot whose start markers were already committed keeps its plan
 *       (snapshot id, start point, bound, split points are stored in the collection's offset) and
 *       only its unfinished ranges are dealt out again. Collection {@code i} is owned by task
 *       {@code i % n}; ranges go round-robin to all tasks.
 *   <li><b>Snapshot with its stream.</b> The owner writes {@code snapshot_start} control records to
 *       every partition of the collection's topic (offset: the plan). Range readers (any task) wait
 *       until that offset is visible, then open the <em>range's change stream</em> at the start
 *       point (the collection's stream with a {@code $match} on {@code documentKey._id} in the
 *       range, before {@code stream.pipeline}) before reading anything, and follow it on every step
 *       while they read the range in {@code _id} order, bracket by BSON type bracket, one query per
 *       bracket, {@code snapshot.fetch.size} documents per chunk (one chunk read ahead while the
 *       previous is sent); the last range only up to the bound, while its stream follows every id
 *       above its lower end, so documents inserted above the bound are sent by that stream alone
 *       and the read ends however fast the collection grows (nothing is lost: a document that
 *       existed at the start point and still exists when the bound is read is at or below it, one
 *       deleted in between has its delete in the stream, one inserted after the start point is in
 *       the stream). Changes made during the snapshot are sent as they happen, and the oplog is
 *       consumed all along, so a snapshot may last longer than the oplog window. Every record of a
 *       range carries the last {@code _id} sent and the range stream's position, so a restarted
 *       task continues both.
 *   <li><b>Watermarks.</b> Each key is sent by one reader at a time, since records of different
 *       tasks (different producers) have no order in Kafka: during the snapshot, only the task
 *       reading its range. A chunk is read causally consistently with majority read concern between
 *       two cluster times: {@code readAfter} (the session's operation time before the read: every
 *       row reflects every write up to it) and {@code readBy} (the operation time of the last
 *       reply). Its rows are held until the range stream has returned every change up to {@code
 *       readBy} (an event after it, or a post-batch resume token at or after it; the time read from
 *       the token by {@link io.mongoelastic.source.stream.ResumeTokenTime}, with an empty batch
 *       after the read as the fallback), and a row is dropped when the stream sent a change of its
 *       key at or after {@code readAfter}: that change carries a state at least as new, and later
 *       changes follow it. Every row sent reflects its key's latest change up to {@code readBy},
 *       and all later changes of the key come after it: the last record of every {@code _id} is
 *       MongoDB's latest state, and no row overtakes a later change of its document (which versions
 *       alone cannot ensure once Elasticsearch has forgotten a delete's tombstone). Rows carry
 *       operation {@code snapshot} and {@code readAfter} (at least the start point) as source
 *       version.
 *   <li><b>Handover.</b> A range whose read is done writes a progress record (heartbeat topic,
 *       {@code done}) and streams on until every range of the snapshot is read, then stops with a
 *       progress record ({@code closed}, its final stream position). When every range has closed
 *       (its own, and the others' committed offsets, so their records are in Kafka), the owner
 *       writes {@code snapshot_end} control records to every partition and opens the collection's
 *       change stream at the earliest final range position (at the start point when a position's
 *       time cannot be read): changes after a later range's position are sent again, none is
 *       skipped. A range stream that lost its history closes its range with {@code history_lost};
 *       the others close, and the owner treats the snapshot's history as lost (below) without end
 *       markers. The events ending the collection (drop, rename, dropDatabase, invalidate) pass the
 *       range {@code $match}: a range stream meeting the invalidate (collection dropped, renamed
 *       away, replaced by a rename onto it or by {@code $out}) ends its range there, read or not,
 *       discarding rows not yet sent (a read after the end may hold a re-created collection's
 *       documents). When every range has closed, the owner compares the collection's UUID with the
 *       one read when the snapshot was planned, before its start point: a different one abandons
 *       the snapshot without end markers for a {@code collection_replaced} snapshot; otherwise the
 *       snapshot ends and the collection's stream starts after the invalidate, following the name.
 *   <li><b>Streaming.</b> One database-level change stream per task over the collections it owns
 *       ({@code SharedChangeStream}); every record's offset holds its event's resume token; a quiet
 *       collection stores, through a heartbeat record every {@code heartbeat.interval.ms}, a
 *       high-water mark or the last member event's token with that event's collection, which the
 *       stream keeps in its {@code $match} when it reopens there. A drop or rename invalidates the
 *       stream: nothing is written to the data topic, the invalidate token is stored (heartbeat
 *       record) and the stream reopens {@code startAfter} it, following a collection re-created
 *       under the same name. Lost history (ChangeStreamHistoryLost, resume token not found)
 *       re-snapshots the collection (new snapshot id, markers) with a warning, or fails the task
 *       when {@code stream.on.history.lost=fail}. A collection replaced under its name (new {@code
 *       listCollections} UUID, recorded in its offset; checked before the stream opens and every
 *       {@code heartbeat.interval.ms}) is re-snapshotted the same way, reason {@code
 *       collection_replaced}. Events over 16 MiB are split ({@code $changeStreamSplitLargeEvent},
 *       reassembled, offset = last fragment) or, where the server cannot split, replaced by the
 *       document fetched by {@code _id} ({@code stream.large.events}). The task fails instead of
 *       re-snapshotting when {@code stream.on.history.lost=fail}, or when the stream of a snapshot
 *       taken for lost history loses its position too (its start point, or where a range stream had
 *       got to: the oplog window is shorter than the snapshot takes with the connector keeping up).
 *       A pipeline that changed {@code _id} (also code 280) fails the task naming {@code
 *       stream.pipeline}.
 *   <li><b>Transient errors.</b> Each collection stream and snapshot range retries its own reads
 *       after network errors, server selection timeouts, errors labelled {@code
 *       ResumableChangeStreamError}, the 4.2 resumable codes and (snapshot queries) killed queries:
 *       it closes its cursor, backs off ({@code mongodb.retry.backoff.max.ms}, bounded by {@code
 *       mongodb.retry.timeout.ms}) while the other readers go on, and reopens after the last
 *       position it returned (resume token, {@code _id}). Records other readers took in the same
 *       poll are returned, never dropped; other errors fail the task naming the reader and cause.
 *       Snapshot queries read with majority read concern after the start point's cluster time, in a
 *       causally consistent session per range, so no read preference can miss writes made before
 *       the start point.
 *   <li><b>Requested resync.</b> Every collection offset records the {@code
 *       snapshot.resync.request} token it was synced under. Planning gives every collection whose
 *       token differs from the configured one a new snapshot (reason {@code user_requested}, in
 *       every {@code snapshot.mode}); its start markers record the new token, so a restart with the
 *       same token continues that snapshot or, once it ended, streams on. Markers carry the reason
 *       ({@code initial}, {@code history_lost}, {@code user_requested}, {@code
 *       collection_replaced}) and the partition count.
 * </ol>
 *
 * <h2>Duplicates and restarts</h2>
 *
 * With at-least-once delivery a restart repeats the records sent after the last committed offset
 * (the last uncommitted batch): snapshot records after the last committed {@code _id} and change
 * events after the last committed token of each range stream and collection stream; the chunk
 * re-read is watermarked again. At the handover the collection stream repeats the changes after the
 * earliest range position. A document changed during the snapshot may appear both as a snapshot
 * record and as change events, but its last record is always its latest state. With {@code
 * exactly.once.source.support=enabled} records and offsets commit in one transaction, so a restart
 * repeats nothing.
 *
 * <h2>Not supported</h2>
 *
 * Collections created or dropped after the connector started are noticed by a background listing
 * every {@code mongodb.collections.discovery.interval.ms} (default 30 s), which asks the worker to
 * reconfigure the tasks: a new collection is planned like any collection without offsets (start
 * point first, then snapshot, then stream), so nothing written before it was noticed is lost; with
 * discovery off they are picked up at the next restart. A renamed collection is not followed under
 * its new name. Updates without a full document ({@code stream.full.document=off}, or a document
 * deleted before its lookup) are skipped. Views and time-series collections cannot be followed by a
 * change stream: planning lists only {@code type: "collection"} namespaces, leaves the others out
 * (one log line each), and refuses one named in {@code mongodb.collections} (also in {@link
 * #validate}).
 */
public final class MongoSourceConnector extends SourceConnector {
  private static final Logger LOG = LoggerFactory.getLogger(MongoSourceConnector.class);
  private Map<String, String> props;
  private MongoSourceConfig config;
  private CollectionMonitor monitor;
  private final CollectionResolver resolver = new CollectionResolver();

  @Override
  public String version() {
    return Version.current();
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = new HashMap<>(props);
    this.config = new MongoSourceConfig(props);
    this.monitor =
        CollectionMonitor.startIfEnabled(
            config, context(), props.getOrDefault("name", "unnamed"), resolver);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return MongoSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<TaskAssignment> assignments;
    try (MongoClient client = MongoClientFactory.create(config)) {
      List<String> collections = resolver.resolve(config, client);
      if (collections.isEmpty() && monitor != null) {
        monitor.planned(collections);
        // Nothing to copy yet: run without tasks until discovery sees a matching collection.
        LOG.warn(
            "No collection of database {} matches {} / {} yet; waiting for one to be created",
            config.database(),
            CollectionsConfig.MONGODB_COLLECTIONS,
            CollectionsConfig.MONGODB_COLLECTIONS_REGEX);
        return List.of();
      }
      if (collections.isEmpty()) {
        throw new ConnectException(
            "No collection of database "
                + config.database()
                + " matches "
                + CollectionsConfig.MONGODB_COLLECTIONS
                + " / "
                + CollectionsConfig.MONGODB_COLLECTIONS_REGEX
                + "; list collections by name (they may be created later), fix the regex, or"
                + " turn on "
                + CollectionsConfig.MONGODB_COLLECTIONS_DISCOVERY_INTERVAL_MS
                + ".");
      }
      assignments =
          new WorkPlanner(config, client, new OffsetLookup(context().offsetStorageReader()))
              .plan(collections, maxTasks);
      if (monitor != null) {
        // Only a successful plan counts: after a failure the worker retries on its own.
        monitor.planned(collections);
      }
    } catch (ConnectException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConnectException(
          "Cannot plan the work: "
              + ConnectionStringMasker.scrub(e.getMessage(), config.connectionString()),
          e);
    }
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < assignments.size(); i++) {
      Map<String, String> taskProps = new HashMap<>(props);
      taskProps.put(MongoSourceTaskConfig.TASK_ID, Integer.toString(i));
      taskProps.put(MongoSourceTaskConfig.TASK_ASSIGNMENT, assignments.get(i).toJson());
      taskProps.put(MongoSourceTaskConfig.TASK_COUNT, Integer.toString(assignments.size()));
      configs.add(taskProps);
    }
    return configs;
  }

  @Override
  public void stop() {
    if (monitor != null) {
      monitor.close();
      monitor = null;
    }
  }

  @Override
  public ConfigDef config() {
    return MongoSourceConfig.CONFIG;
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    Map<String, ConfigValue> byName = new HashMap<>();
    result.configValues().forEach(v -> byName.put(v.name(), v));
    SnapshotPaceConfig.validate(byName);
    SSLContext ssl;
    try {
      ssl = MongoSourceConfig.MONGODB_TLS.sslContext(values(byName));
    } catch (TlsSettingException e) {
      byName.get(e.key()).addErrorMessage(e.getMessage());
      return result; // no probe without the TLS the connector would use
    }
    ConfigValue uri = byName.get(MongoSourceConfig.MONGODB_URI);
    ConfigValue fullDocument = byName.get(MongoSourceConfig.STREAM_FULL_DOCUMENT);
    if (uri != null
        && uri.errorMessages().isEmpty()
        && uri.value() != null
        && fullDocument.errorMessages().isEmpty()) {
      ConnectionProbe.check(
              MongoSourceConfig.passwordValue(uri.value()),
              ssl,
              FullDocumentMode.parse((String) fullDocument.value()))
          .forEach((key, message) -> byName.get(key).addErrorMessage(message));
      ConfigValue collections = byName.get(CollectionsConfig.MONGODB_COLLECTIONS);
      ConfigValue database = byName.get(MongoSourceConfig.MONGODB_DATABASE);
      if (uri.errorMessages().isEmpty()
          && collections != null
          && collections.errorMessages().isEmpty()
          && collections.value() instanceof List<?> names
          && !names.isEmpty()
          && database != null
          && database.value() != null) {
        CollectionKindProbe.check(
                MongoSourceConfig.passwordValue(uri.value()),
                ssl,
                database.value().toString(),
                names.stream().map(String::valueOf).toList())
            .ifPresent(collections::addErrorMessage);
      }
    }
    return result;
  }

  /** The validated values by key, for the cross-key stages. */
  private static Map<String, Object> values(Map<String, ConfigValue> byName) {
    Map<String, Object> values = new HashMap<>();
    byName.forEach((key, value) -> values.put(key, value.value()));
    return values;
  }

  /**
   * Supported: snapshot offsets name the last {@code _id} sent and stream offsets the last resume
   * token, so a task restarted from committed offsets resumes exactly after the last committed
   * record.
   */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  /** The worker's default boundaries (one transaction per poll batch) fit. */
  @Override
  public ConnectorTransactionBoundaries canDefineTransactionBoundaries(
      Map<String, String> connectorConfig) {
    return ConnectorTransactionBoundaries.UNSUPPORTED;
  }
}
