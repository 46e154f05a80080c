package io.mongoelastic.source;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.OffsetLookup;
import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.offset.RangePartition;
import io.mongoelastic.source.pace.SnapshotPace;
import io.mongoelastic.source.record.BsonValueMapper;
import io.mongoelastic.source.record.MappedDocument;
import io.mongoelastic.source.record.MappedDocumentCodec;
import io.mongoelastic.source.record.SourceRecordFactory;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;
import io.mongoelastic.source.retry.ReadRetry;
import io.mongoelastic.source.snapshot.BatchPrefetcher;
import io.mongoelastic.source.snapshot.RangeReader;
import io.mongoelastic.source.snapshot.RangeStream;
import io.mongoelastic.source.snapshot.RangeSync;
import io.mongoelastic.source.snapshot.SnapshotPlan;
import io.mongoelastic.source.stream.ServerVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running state of one task: the snapshot ranges it reads and the collections it owns. Each
 * poll gives every one of them a turn until records are ready or the poll's wait is over.
 */
final class TaskLoop implements CollectionOwner.Ranges, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskLoop.class);
  private static final long IDLE_SLEEP_MS = 50;
  private static final long RANGE_STREAM_MAX_AWAIT_MS = 100;

  private final MongoSourceConfig config;
  private final MongoClient client;
  private final OffsetLookup offsets;
  private final SourceTaskMetrics metrics;
  private final TopicPartitionCounter partitionCounter;
  private final SourceRecordFactory records = new SourceRecordFactory();
  private final List<RangeSync> ranges = new ArrayList<>();
  private final RangeTurns rangeTurns = new RangeTurns();
  private final List<CollectionOwner> owners = new ArrayList<>();
  private final SnapshotPace pace;
  // Woken when a snapshot read completes, so a loop idling for it looks again at once.
  private final IdleWait idle = new IdleWait();
  // The topics of the ranges that had chunks left at the last turn; null before the first turn, so
  // a task whose ranges were all read before it started still tells the gate once.
  private Set<String> pacedTopics;
  // Set by build(): the one change stream of the collections this task streams.
  private SharedChangeStream shared;
  // Set by build(), once per attempt.
  private boolean split;
  private Duration rangeStreamWait;
  // Thrown by the next poll: this one returned records taken before the failure.
  private RuntimeException deferredFailure;
  private final CodecRegistry snapshotCodecs =
      CodecRegistries.fromCodecs(new MappedDocumentCodec(new BsonValueMapper()));
  // One reader thread per task: snapshot batches are fetched and decoded while the last is sent.
  private final ExecutorService snapshotReads =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "mongoelastic-snapshot-reader");
            thread.setDaemon(true);
            return thread;
          });

  TaskLoop(
      MongoSourceConfig config,
      TaskAssignment assignment,
      MongoClient client,
      OffsetLookup offsets,
      SourceTaskMetrics metrics) {
    this(config, assignment, client, offsets, metrics, SnapshotPace.off());
  }

  TaskLoop(
      MongoSourceConfig config,
      TaskAssignment assignment,
      MongoClient client,
      OffsetLookup offsets,
      SourceTaskMetrics metrics,
      SnapshotPace pace) {
    this.pace = pace;
    this.config = config;
    this.client = client;
    this.offsets = offsets;
    this.metrics = metrics;
    this.partitionCounter = new TopicPartitionCounter(config);
    try {
      build(assignment);
    } catch (RuntimeException e) {
      // DeferredTaskLoop builds again after a transient error: release what this attempt opened.
      close();
      throw e;
    }
  }

  private void build(TaskAssignment assignment) {
    MarkerWriter markers = new MarkerWriter(partitionCounter, records);
    // Heartbeat and progress records must not wait on a topic nobody creates.
    partitionCounter.partitions(config.heartbeatTopic());
    // The owned collections share one stream; each snapshot range has its own.
    int streams = (assignment.ownedCollections().isEmpty() ? 0 : 1) + rangeCount(assignment);
    this.split = streams > 0 && splitsLargeEvents(config, client);
    // Several streams share one poll: split the wait so one quiet stream does not stall the rest;
    // a range stream waits less, as a chunk is held until its stream has caught up.
    this.rangeStreamWait =
        Duration.ofMillis(
            Math.min(
                RANGE_STREAM_MAX_AWAIT_MS,
                Math.max(20, config.pollMaxWaitMs() / Math.max(1, streams))));
    for (Map.Entry<String, List<Integer>> entry : assignment.ranges().entrySet()) {
      SnapshotPlan plan = assignment.plans().get(entry.getKey());
      for (int index : entry.getValue()) {
        addRange(entry.getKey(), plan, index);
      }
    }
    this.shared =
        new SharedChangeStream(
            client,
            config,
            Duration.ofMillis(Math.max(50, config.pollMaxWaitMs() / Math.max(1, streams))),
            CollectionOwner.streamBatchSize(config.pollMaxRecords()),
            split,
            metrics);
    CollectionUuids uuids = new CollectionUuids(client.getDatabase(config.database()));
    Map<String, CollectionOffset> storedOffsets =
        offsets.collections(
            assignment.ownedCollections().stream().map(c -> config.database() + "." + c).toList());
    for (String collection : assignment.ownedCollections()) {
      CollectionOffset stored = storedOffsets.get(config.database() + "." + collection);
      owners.add(
          new CollectionOwner(
              collection,
              config,
              client,
              markers,
              metrics,
              this,
              stored,
              assignment.plans().get(collection),
              assignment.streamStarts().get(collection),
              shared,
              uuids));
    }
    // The collections announcing a snapshot write markers to every partition of their topics:
    // one describe for all of them rather than one round trip per collection in the first turn.
    partitionCounter.describe(
        owners.stream()
            .filter(CollectionOwner::snapshotting)
            .map(owner -> config.topicFor(owner.collection()))
            .toList());
  }

  private static int rangeCount(TaskAssignment assignment) {
    return assignment.ranges().values().stream().mapToInt(List::size).sum();
  }

  /** Read once per task: whether change streams carry {@code $changeStreamSplitLargeEvent}. */
  private static boolean splitsLargeEvents(MongoSourceConfig config, MongoClient client) {
    LargeEventMode mode = config.largeEventMode();
    if (mode != LargeEventMode.AUTO) {
      return mode.splits(false);
    }
    ServerVersion version = ServerVersion.read(client);
    LOG.info(
        "MongoDB {} {} split large change events: {}={} means {}",
        version,
        version.splitsLargeEvents() ? "can" : "cannot",
        MongoSourceConfig.STREAM_LARGE_EVENTS,
        mode.value(),
        version.splitsLargeEvents()
            ? LargeEventMode.SPLIT.value()
            : LargeEventMode.FETCH_DOCUMENT.value());
    return version.splitsLargeEvents();
  }

  private void addRange(String collection, SnapshotPlan plan, int index) {
    RangeOffset stored =
        offsets.range(new RangePartition(plan.namespace(), plan.snapshotId(), index));
    MongoCollection<MappedDocument> coll =
        client
            .getDatabase(config.database())
            .getCollection(collection, MappedDocument.class)
            .withCodecRegistry(snapshotCodecs);
    if (!stored.done()) {
      metrics.addSnapshotTotal(coll.estimatedDocumentCount() / plan.rangeCount());
    }
    RangeReader reader =
        new RangeReader(
            client,
            coll,
            plan.readRange(index),
            stored.lastId(),
            config.snapshotFetchSize(),
            plan.readAfter());
    pace.watch(config.topicFor(collection));
    RangeSync[] self = new RangeSync[1];
    RangeStream stream =
        new RangeStream(
            client,
            client.getDatabase(config.database()).getCollection(collection, BsonDocument.class),
            plan.range(index),
            config.pipeline(),
            config.fullDocumentMode().driverValue(),
            rangeStreamWait,
            CollectionOwner.streamBatchSize(config.pollMaxRecords()),
            split,
            () -> self[0].streamPosition(),
            metrics);
    self[0] =
        new RangeSync(
            plan,
            index,
            new BatchPrefetcher(reader, snapshotReads, pace::paused, idle::wake),
            stream,
            stored,
            config.topicFor(collection),
            config.heartbeatTopic(),
            config.heartbeatIntervalMs(),
            metrics,
            records,
            () -> announced(collection, plan.snapshotId()),
            () -> {
              List<RangeOffset> all = progress(plan);
              return all.stream().allMatch(RangeOffset::done)
                  || all.stream().anyMatch(RangeOffset::historyLost);
            },
            () -> progress(plan).stream().anyMatch(RangeOffset::historyLost),
            new ReadRetry(
                "snapshot range " + index + " of " + plan.namespace(),
                Read.SNAPSHOT,
                config.retryPolicy(),
                metrics,
                config.connectionString()));
    ranges.add(self[0]);
  }

  /** The owner announced the snapshot: locally, or in the committed offsets of another task. */
  private boolean announced(String collection, String snapshotId) {
    for (CollectionOwner owner : owners) {
      if (owner.collection().equals(collection)) {
        return snapshotId.equals(owner.announcedSnapshot());
      }
    }
    CollectionOffset stored = offsets.collection(config.database() + "." + collection);
    return stored != null && snapshotId.equals(stored.snapshotId());
  }

  /**
   * The progress of every range of {@code plan}: this task's as sent, the others' as committed
   * (their records are in Kafka).
   */
  @Override
  public List<RangeOffset> progress(SnapshotPlan plan) {
    List<RangeOffset> result = new ArrayList<>();
    for (int i = 0; i < plan.rangeCount(); i++) {
      RangeOffset local = null;
      for (RangeSync range : ranges) {
        if (range.range() == i && range.plan().snapshotId().equals(plan.snapshotId())) {
          local = range.offset();
        }
      }
      result.add(
          local != null
              ? local
              : offsets.range(new RangePartition(plan.namespace(), plan.snapshotId(), i)));
    }
    return result;
  }

  private String collectionOf(SnapshotPlan plan) {
    return plan.namespace().substring(config.database().length() + 1);
  }

  @Override
  public void add(SnapshotPlan plan) {
    String collection = collectionOf(plan);
    for (int i = 0; i < plan.rangeCount(); i++) {
      addRange(collection, plan, i);
    }
  }

  /**
   * Records for the worker, or an empty list when nothing arrived within the poll's wait.
   *
   * <p>A step that throws after other steps (or earlier turns) of this poll took records does not
   * take them down with it: the worker discards the whole poll when it throws, while the readers
   * that produced those records have already moved past them. The records are returned and the
   * error is thrown by the next poll instead.
   */
  List<SourceRecord> poll(BooleanSupplier stopping) throws InterruptedException {
    if (deferredFailure != null) {
      RuntimeException failure = deferredFailure;
      deferredFailure = null;
      throw failure;
    }
    List<SourceRecord> out = new ArrayList<>();
    long deadline = System.currentTimeMillis() + config.pollMaxWaitMs();
    int max = config.pollMaxRecords();
    while (!stopping.getAsBoolean()) {
      long turnStart = System.nanoTime();
      boolean progress;
      try {
        progress = turn(out, max);
      } catch (RuntimeException e) {
        if (out.isEmpty()) {
          throw e;
        }
        deferredFailure = e;
        break;
      }
      if (!out.isEmpty() || System.currentTimeMillis() >= deadline) {
        break;
      }
      // A change stream that waited for events on the server (maxAwaitTime) already paused this
      // turn; sleeping on top of that would hold back an event arriving during the sleep. A chunk
      // whose read completes ends the pause.
      if (!progress && System.nanoTime() - turnStart < IDLE_SLEEP_MS * 1_000_000L) {
        idle.pause(IDLE_SLEEP_MS);
      }
    }
    if (!out.isEmpty()) {
      metrics.recordsProduced(out.size());
      pace.produced(out);
    }
    return out;
  }

  /** Gives every owner and range one step; returns whether any of them did something. */
  private boolean turn(List<SourceRecord> out, int max) {
    boolean progress = false;
    // Owners first: start markers must precede the ranges they announce.
    for (CollectionOwner owner : owners) {
      progress |= owner.step(out);
    }
    progress |= shared.step(out, max - out.size());
    progress |= rangeTurns.step(List.copyOf(ranges), out, max);
    updatePacedTopics();
    updatePhase();
    return progress;
  }

  /**
   * Once a collection's ranges on this task have read their last chunk, its topic stops counting.
   */
  private void updatePacedTopics() {
    if (!pace.enabled()) {
      return;
    }
    Set<String> topics = new HashSet<>();
    for (RangeSync range : ranges) {
      RangeOffset offset = range.offset();
      if (!offset.done() && !offset.closed()) {
        topics.add(config.topicFor(collectionOf(range.plan())));
      }
    }
    if (!topics.equals(pacedTopics)) {
      pacedTopics = topics;
      pace.retain(topics);
    }
  }

  private void updatePhase() {
    boolean snapshot =
        ranges.stream().anyMatch(r -> !r.closed())
            || owners.stream().anyMatch(o -> o.snapshotting());
    boolean streaming = owners.stream().anyMatch(CollectionOwner::streaming);
    metrics.phase(snapshot ? "snapshot" : streaming ? "streaming" : "idle");
  }

  @Override
  public void close() {
    owners.forEach(CollectionOwner::close);
    if (shared != null) {
      shared.close();
    }
    ranges.forEach(RangeSync::close);
    // Reads in flight fail fast once the task closes its client; queued ones then follow.
    snapshotReads.shutdown();
    partitionCounter.close();
  }
}
