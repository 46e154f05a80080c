package io.mongoelastic.source;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import io.mongoelastic.common.record.ControlRecordType;
import io.mongoelastic.common.record.HeartbeatRecordFields;
import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.CollectionOffset.Phase;
import io.mongoelastic.source.offset.CollectionPartition;
import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.record.SourceRecordFactory;
import io.mongoelastic.source.retry.MongoErrorClassifier;
import io.mongoelastic.source.retry.MongoErrorClassifier.Kind;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;
import io.mongoelastic.source.retry.ReadRetry;
import io.mongoelastic.source.snapshot.HandoverPoint;
import io.mongoelastic.source.snapshot.SnapshotPlan;
import io.mongoelastic.source.snapshot.SnapshotPlanner;
import io.mongoelastic.source.stream.ChangeEventMapper;
import io.mongoelastic.source.stream.HistoryLostException;
import io.mongoelastic.source.stream.StartPoint;
import io.mongoelastic.source.stream.StreamPosition;
import io.mongoelastic.source.stream.WholeEventReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle of one collection in the task that owns it: announce a snapshot (start markers),
 * wait until every range of it has been read and its range stream closed (on any task), end it (end
 * markers), then follow the collection's change stream from the earliest range stream's final
 * position (see {@link HandoverPoint}), storing positions with every event and with heartbeats.
 * Lost stream history (its own, or a range stream's) leads to a new snapshot or a task failure, per
 * {@code stream.on.history.lost}; a collection replaced under its name (a new UUID, checked when
 * every range has closed and then periodically) to a new snapshot.
 */
final class CollectionOwner {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionOwner.class);
  private static final long RANGE_CHECK_MS = 1_000;

  /** How the owner reaches the task's range readers. */
  interface Ranges {
    /** The progress of every range of {@code plan}, by index. */
    List<RangeOffset> progress(SnapshotPlan plan);

    void add(SnapshotPlan plan);
  }

  private enum State {
    ANNOUNCE,
    WAIT_RANGES,
    STREAMING,
    IDLE
  }

  private final String collection;
  private final String namespace;
  private final String topic;
  private final MongoSourceConfig config;
  private final MongoClient client;
  private final MarkerWriter markers;
  private final SourceTaskMetrics metrics;
  private final Ranges ranges;
  private final Map<String, Object> partition;
  private final ChangeEventMapper mapper;
  private final Duration maxAwait;
  private final ReadRetry retry;
  private State state;
  private SnapshotPlan plan;
  private CollectionOffset position;
  private final boolean splitLargeEvents;
  private final CollectionIdentity identity;
  // The UUID of the collection the stored positions belong to; null until known.
  private String uuid;
  private WholeEventReader stream;
  // Whether the stream answered since the last snapshot ended (see HistoryLostResponse).
  private boolean streamedSinceSnapshot;
  private long lastRangeCheck;
  private long lastSent = System.currentTimeMillis();
  private BsonDocument lastSentToken;

  CollectionOwner(
      String collection,
      MongoSourceConfig config,
      MongoClient client,
      MarkerWriter markers,
      SourceTaskMetrics metrics,
      Ranges ranges,
      CollectionOffset stored,
      SnapshotPlan assignedPlan,
      StartPoint streamStart,
      int streamsInTask,
      boolean splitLargeEvents) {
    this.splitLargeEvents = splitLargeEvents;
    this.collection = collection;
    this.namespace = config.database() + "." + collection;
    this.topic = config.topicFor(collection);
    this.config = config;
    this.client = client;
    this.markers = markers;
    this.metrics = metrics;
    this.ranges = ranges;
    this.partition = new CollectionPartition(namespace).toMap();
    this.mapper = new ChangeEventMapper(namespace, topic, metrics, new SourceRecordFactory());
    this.identity =
        new CollectionIdentity(
            client.getDatabase(config.database()), collection, config.heartbeatIntervalMs());
    this.uuid = stored == null ? null : stored.uuid();
    this.retry =
        new ReadRetry(
            "the change stream of " + namespace,
            Read.CHANGE_STREAM,
            config.retryPolicy(),
            metrics,
            config.connectionString());
    // Several streams share one poll: split the wait so one quiet stream does not stall the rest.
    this.maxAwait =
        Duration.ofMillis(Math.max(50, config.pollMaxWaitMs() / Math.max(1, streamsInTask)));
    if (assignedPlan != null
        && (stored == null || !assignedPlan.snapshotId().equals(stored.snapshotId()))) {
      // A new snapshot: the first one, or a resync the connector planned (see SnapshotDecision).
      // The connector's plan also wins over a snapshot announced after it was made (two quick
      // reconfigurations): the ranges of this plan are what the tasks were given to read.
      plan = assignedPlan;
      state = State.ANNOUNCE;
    } else if (stored == null) {
      StartPoint start =
          streamStart != null
              ? streamStart
              : new io.mongoelastic.source.stream.StartPointReader(client)
                  .capture(config.database(), collection);
      position =
          new CollectionOffset(
              Phase.STREAM,
              null,
              null,
              config.resyncRequest(),
              start.operationTime(),
              start.resumeToken(),
              List.of(),
              null,
              false);
      state = config.snapshotMode().streams() ? State.STREAMING : State.IDLE;
    } else if (stored.phase() == Phase.SNAPSHOT) {
      plan = SnapshotPlan.announced(namespace, stored);
      metrics.lastSnapshot(plan.reason().wireValue(), plan.snapshotId());
      state = State.WAIT_RANGES;
    } else {
      position = stored;
      if (stored.reason() != null) {
        metrics.lastSnapshot(stored.reason().wireValue(), stored.snapshotId());
      }
      state =
          stored.phase() == Phase.STREAM && config.snapshotMode().streams()
              ? State.STREAMING
              : State.IDLE;
    }
  }

  String collection() {
    return collection;
  }

  /** Whether a snapshot of this collection is announced by this task and not yet ended. */
  boolean snapshotting() {
    return state == State.ANNOUNCE || state == State.WAIT_RANGES;
  }

  boolean streaming() {
    return state == State.STREAMING;
  }

  /** The snapshot this owner has announced (start markers returned to the worker), or null. */
  String announcedSnapshot() {
    return state == State.WAIT_RANGES ? plan.snapshotId() : null;
  }

  /** The plan this owner runs or waits for, or null. */
  SnapshotPlan plan() {
    return plan;
  }

  /**
   * Moves this collection on by one step, adding at most {@code budget} records. A transient
   * MongoDB error closes the stream, which reopens after the last event returned once the retry
   * backoff has passed; other errors fail the task (see {@link ReadRetry}).
   */
  boolean step(List<SourceRecord> out, int budget) {
    if (retry.waiting()) {
      return false;
    }
    try {
      boolean progress = stepState(out, budget);
      retry.succeeded();
      return progress;
    } catch (MongoException e) {
      closeStream();
      Kind kind = MongoErrorClassifier.classify(e, Read.CHANGE_STREAM);
      if (kind == Kind.PIPELINE_MODIFIES_ID) {
        throw StreamFailures.pipelineModifiesId(namespace, e);
      }
      if (kind == Kind.SPLIT_EVENT_RESUME) {
        throw StreamFailures.splitEventResume(namespace, e);
      }
      retry.failed(e);
      return false;
    }
  }

  private boolean stepState(List<SourceRecord> out, int budget) {
    switch (state) {
      case ANNOUNCE:
        // Read before the start point when planned: a replacement after it is seen at the end.
        uuid = plan.collectionUuid() != null ? plan.collectionUuid() : identity.current();
        markers.write(
            out,
            topic,
            ControlRecordType.SNAPSHOT_START,
            plan,
            partition,
            snapshotOffset().toMap());
        metrics.lastSnapshot(plan.reason().wireValue(), plan.snapshotId());
        LOG.info(
            "Snapshot {} of {} started, reason {} ({} range(s))",
            plan.snapshotId(),
            namespace,
            plan.reason().wireValue(),
            plan.rangeCount());
        state = State.WAIT_RANGES;
        return true;
      case WAIT_RANGES:
        List<RangeOffset> progress = closedRanges();
        if (progress == null) {
          return false;
        }
        if (progress.stream().anyMatch(RangeOffset::historyLost)) {
          // A range's stream fell out of the oplog: the snapshot is abandoned without end markers
          // (the next start marker supersedes it in the sink).
          return onHistoryLost(
              HistoryLostException.ofSnapshotRange(namespace, plan.snapshotId()),
              snapshotOffset().withResumeToken(null, false));
        }
        if (identity.check(uuid).replaced()) {
          // Replaced while it was read: the snapshot may hold documents of both collections. It is
          // abandoned as for lost history, and the new one reads the collection now there.
          return resnapshot(SnapshotReason.COLLECTION_REPLACED);
        }
        boolean streams = config.snapshotMode().streams();
        position = plan.offset(streams ? Phase.STREAM : Phase.DONE, config.resyncRequest(), uuid);
        RangeOffset handover = HandoverPoint.earliest(progress);
        if (handover != null) {
          position = position.withResumeToken(handover.resumeToken(), handover.startAfter());
        }
        markers.write(
            out, topic, ControlRecordType.SNAPSHOT_END, plan, partition, position.toMap());
        LOG.info(
            "Snapshot {} of {} ended (reason {})",
            plan.snapshotId(),
            namespace,
            plan.reason().wireValue());
        state = streams ? State.STREAMING : State.IDLE;
        return true;
      case STREAMING:
        return stepStream(out, budget);
      default:
        return false;
    }
  }

  private CollectionOffset snapshotOffset() {
    return plan.offset(Phase.SNAPSHOT, config.resyncRequest(), uuid);
  }

  /**
   * The progress of every range once all have closed their streams (their last records sent or, on
   * other tasks, committed), else null. Checked at most once a second.
   */
  private List<RangeOffset> closedRanges() {
    long now = System.currentTimeMillis();
    if (now - lastRangeCheck < RANGE_CHECK_MS) {
      return null;
    }
    lastRangeCheck = now;
    List<RangeOffset> progress = ranges.progress(plan);
    return progress.stream().allMatch(RangeOffset::closed) ? progress : null;
  }

  private boolean stepStream(List<SourceRecord> out, int budget) {
    if (identity.due()) {
      CollectionIdentity.Check check = identity.check(uuid);
      if (check.replaced()) {
        closeStream();
        return resnapshot(SnapshotReason.COLLECTION_REPLACED);
      }
      if (uuid == null && check.current() != null) {
        uuid = check.current();
        position = position.withUuid(uuid);
      }
    }
    if (stream == null) {
      stream =
          new WholeEventReader(
              client,
              client.getDatabase(config.database()).getCollection(collection, BsonDocument.class),
              config.pipeline(),
              config.fullDocumentMode().driverValue(),
              maxAwait,
              streamBatchSize(config.pollMaxRecords()),
              splitLargeEvents,
              () -> StreamPosition.resumingFrom(position),
              metrics);
    }
    List<ChangeStreamDocument<BsonDocument>> events;
    try {
      events = stream.poll(Math.max(1, budget));
    } catch (HistoryLostException e) {
      closeStream();
      return onHistoryLost(e, position);
    }
    streamedSinceSnapshot = true;
    int before = out.size();
    for (ChangeStreamDocument<BsonDocument> event : events) {
      boolean invalidate = event.getOperationType() == OperationType.INVALIDATE;
      position = position.withResumeToken(event.getResumeToken(), invalidate);
      if (invalidate) {
        LOG.warn(
            "{} was dropped or renamed: its change stream ended; documents already sent stay in"
                + " {}; the connector follows a collection re-created under the same name",
            namespace,
            topic);
        out.add(heartbeat());
        continue;
      }
      SourceRecord record = mapper.map(event, partition, position.toMap());
      if (record != null) {
        out.add(record);
        metrics.streamEvent(ChangeEventMapper.writtenAtMillis(event));
      }
    }
    if (events.isEmpty()) {
      metrics.streamCaughtUp();
    }
    if (out.size() > before) {
      lastSent = System.currentTimeMillis();
      lastSentToken = position.resumeToken();
      return true;
    }
    return maybeHeartbeat(out) || !events.isEmpty();
  }

  /**
   * The change stream's cursor batch size: {@code poll.max.records}, at most 1,000, at least 1.
   * Fixed for the stream's life, never the budget left in the poll that opened it (an owner opened
   * after others spent the budget would otherwise read one event per round trip for good); {@code
   * poll(max)} bounds what one call takes.
   */
  static int streamBatchSize(int pollMaxRecords) {
    return Math.max(1, Math.min(pollMaxRecords, 1_000));
  }

  private boolean maybeHeartbeat(List<SourceRecord> out) {
    long interval = config.heartbeatIntervalMs();
    // Once after a history_lost snapshot: record that the stream got past its start point.
    boolean confirmStart = HistoryLostResponse.lostStartOfHistoryLostSnapshot(position);
    boolean due = interval > 0 && System.currentTimeMillis() - lastSent >= interval;
    if (!(due || confirmStart) || stream.midEvent()) {
      return false;
    }
    StreamPosition current = stream.position();
    if (current.token() == null || current.token().equals(lastSentToken)) {
      return false;
    }
    position = position.withResumeToken(current.token(), current.startAfter());
    out.add(heartbeat());
    lastSent = System.currentTimeMillis();
    lastSentToken = current.token();
    return true;
  }

  private SourceRecord heartbeat() {
    return new SourceRecord(
        partition,
        position.toMap(),
        config.heartbeatTopic(),
        null,
        Schema.STRING_SCHEMA,
        namespace,
        null,
        Map.of(
            HeartbeatRecordFields.NAMESPACE,
            namespace,
            HeartbeatRecordFields.TIMESTAMP_MS,
            System.currentTimeMillis()));
  }

  private boolean onHistoryLost(HistoryLostException e, CollectionOffset lost) {
    metrics.error(e.getMessage());
    HistoryLostResponse.resnapshotOrFail(config, namespace, lost, streamedSinceSnapshot, e);
    return resnapshot(SnapshotReason.HISTORY_LOST);
  }

  private boolean resnapshot(SnapshotReason reason) {
    plan = new SnapshotPlanner(client, config.database()).plan(collection, reason, 1, 1);
    streamedSinceSnapshot = false;
    ranges.add(plan);
    state = State.ANNOUNCE;
    return true;
  }

  private void closeStream() {
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  void close() {
    closeStream();
  }
}
