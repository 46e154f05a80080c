package io.mongoelastic.source.snapshot;

import com.mongodb.MongoException;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import io.mongoelastic.common.record.HeartbeatRecordFields;
import io.mongoelastic.common.record.SourceVersion;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.offset.RangePartition;
import io.mongoelastic.source.record.MappedDocument;
import io.mongoelastic.source.record.SourceRecordFactory;
import io.mongoelastic.source.retry.ReadRetry;
import io.mongoelastic.source.stream.ChangeEventMapper;
import io.mongoelastic.source.stream.HistoryLostException;
import io.mongoelastic.source.stream.StreamPosition;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one range of one snapshot together with the changes of the documents it holds.
 *
 * <p>Once the collection's owner has announced the snapshot (its start markers are written first),
 * the range's own change stream ({@link RangeStream}) opens at the snapshot's start point, before
 * the first chunk is read, and is followed on every step. Chunks are read in {@code _id} order on a
 * background thread ({@link BatchPrefetcher}), and a step takes a chunk only once its read is
 * complete: the task thread never waits for MongoDB's reply, and serves the streams and the other
 * ranges meanwhile. A chunk's rows are sent only after the stream has returned every change up to
 * the chunk's read time, and a row is dropped when its key had a change at or after the chunk's
 * read began (see {@link ChangedKeys}): that change's record carries a state at least as new and
 * comes before any later one. So for every key of the range the last record this task sends is
 * MongoDB's latest state. When a chunk is taken does not matter to that: its read times are fixed
 * by the read, and the changes the stream returned while it was read are in {@link ChangedKeys}.
 * The last range is read only up to the collection's highest {@code _id} when the snapshot began
 * ({@link SnapshotPlan#readRange}, {@link SnapshotBound}), while its stream follows every id above
 * its lower end: the documents inserted above that bound during the snapshot are its stream's
 * alone, sent as their events come, never held (no chunk holds their rows) nor dropped (no row of
 * them is read), and the read ends however fast the collection grows. When the read is done (a
 * progress record with {@code done}), the stream goes on until every range of the snapshot is read,
 * then stops with a progress record with {@code closed} and its final position, from which the
 * owner's collection stream takes over. A stream whose position left the oplog closes its range at
 * once with {@code historyLost}; the other ranges then close too (read or not: the snapshot is
 * abandoned) and the owner handles the lost history. A stream that meets the invalidate ending its
 * collection (drop, rename) ends its range there, read or not (see {@link #endWithCollection}).
 *
 * <p>Every record's offset holds the last {@code _id} sent and the stream position; a restart
 * continues both. A transient read error (network, election, a killed query) is retried after a
 * backoff; other errors fail the task (see {@link ReadRetry}).
 */
public final class RangeSync {
  private static final Logger LOG = LoggerFactory.getLogger(RangeSync.class);
  private static final long CHECK_MS = 1_000;

  private final SnapshotPlan plan;
  private final RangePartition partition;
  private final BatchPrefetcher reader;
  private final RangeStream stream;
  private final ChangeEventMapper mapper;
  private final String topic;
  private final String progressTopic;
  private final SourceTaskMetrics metrics;
  private final SourceRecordFactory records;
  private final BooleanSupplier announced;
  private final BooleanSupplier allRead;
  private final BooleanSupplier oneLost;
  private final long heartbeatIntervalMs;
  private final ReadRetry retry;
  private final ChangedKeys changed = new ChangedKeys();
  private final ChunkTimings timings;
  private final Deque<MappedDocument> pending = new ArrayDeque<>();
  private Chunk chunk;
  private long emptyPollsBeforeChunk;
  private RangeOffset offset;
  private boolean reading;
  // Set when the stream returned the invalidate that ends the collection.
  private boolean collectionEnded;
  private long lastCheck;
  private long lastSent = System.currentTimeMillis();

  /**
   * @param announced whether the owner announced the snapshot
   * @param allRead whether every range of the snapshot is read (on any task), or one lost its
   *     stream's history
   * @param oneLost whether a range of the snapshot (on any task) lost its stream's history
   */
  public RangeSync(
      SnapshotPlan plan,
      int range,
      BatchPrefetcher reader,
      RangeStream stream,
      RangeOffset stored,
      String topic,
      String progressTopic,
      long heartbeatIntervalMs,
      SourceTaskMetrics metrics,
      SourceRecordFactory records,
      BooleanSupplier announced,
      BooleanSupplier allRead,
      BooleanSupplier oneLost,
      ReadRetry retry) {
    this.records = records;
    this.plan = plan;
    this.partition = new RangePartition(plan.namespace(), plan.snapshotId(), range);
    this.reader = reader;
    this.stream = stream;
    this.mapper = new ChangeEventMapper(plan.namespace(), topic, metrics, records);
    this.topic = topic;
    this.progressTopic = progressTopic;
    this.heartbeatIntervalMs = heartbeatIntervalMs;
    this.metrics = metrics;
    this.announced = announced;
    this.allRead = allRead;
    this.oneLost = oneLost;
    this.retry = retry;
    this.offset = stored;
    this.timings = new ChunkTimings("Range " + range + " of " + plan.namespace());
    if (stored.closed()) {
      reader.close();
    }
  }

  public SnapshotPlan plan() {
    return plan;
  }

  public int range() {
    return partition.range();
  }

  /** Whether every document of the range has been sent. */
  public boolean done() {
    return offset.done();
  }

  /** Whether the range's stream has stopped and handed over to the collection's stream. */
  public boolean closed() {
    return offset.closed();
  }

  /** Progress as the records sent so far store it. */
  public RangeOffset offset() {
    return offset;
  }

  /** Where the range's stream opens: after the stored position, else at the snapshot start. */
  public StreamPosition streamPosition() {
    if (offset.resumeToken() != null) {
      return StreamPosition.after(offset.resumeToken(), offset.startAfter());
    }
    return StreamPosition.resumingFrom(plan.offset(CollectionOffset.Phase.SNAPSHOT, null, null));
  }

  /**
   * Adds about {@code budget} records; returns whether anything happened. The stream is polled even
   * when {@code budget} is 0 or less (for at most one event, plus one progress record), so that it
   * keeps up while other ranges fill the poll: its changes flow and the chunks it holds back become
   * sendable.
   */
  public boolean step(List<SourceRecord> out, int budget) {
    if (offset.closed() || retry.waiting()) {
      return false;
    }
    if (!reading) {
      if (!due()) {
        return false;
      }
      if (!announced.getAsBoolean()) {
        return false;
      }
      reading = true;
    }
    int before = out.size();
    try {
      boolean progress = streamStep(out, budget);
      if (collectionEnded) {
        endWithCollection(out);
        return true;
      }
      // A range that lost its history dooms the snapshot: copying the rest of this one is wasted.
      if (due() && (offset.done() ? allRead : oneLost).getAsBoolean()) {
        offset = offset.closedNow();
        close();
        out.add(progressRecord());
        progress = true;
      } else if (!offset.done()) {
        progress |= chunkStep(out, budget - (out.size() - before));
        if (out.size() == before) {
          // Held (paced, or waiting for the stream to pass a chunk): the stream's position must
          // still reach the offsets, or a restart after a long hold resumes from a lost position.
          progress |= heartbeat(out);
        }
      } else {
        progress |= heartbeat(out);
      }
      retry.succeeded();
      if (out.size() > before) {
        lastSent = System.currentTimeMillis();
      }
      return progress;
    } catch (HistoryLostException e) {
      // The owner decides (stream.on.history.lost) once every range of the snapshot has closed.
      LOG.warn(
          "The change stream of snapshot range {} of {} lost its position (no longer in the"
              + " oplog); snapshot {} cannot complete",
          partition.range(),
          plan.namespace(),
          plan.snapshotId());
      offset = offset.lostHistory();
      close();
      out.add(progressRecord());
      return true;
    } catch (MongoException e) {
      // The stream reopens from the last position sent and the reader reads again after the last
      // _id returned (all of which are pending or sent): nothing is skipped.
      retry.failed(e);
      return out.size() > before;
    }
  }

  /**
   * The collection was dropped or renamed (on its own, with its database, or replaced by a rename
   * onto it or by {@code $out}): the range ends at the invalidate, as done and closed. Rows not yet
   * sent are discarded: those read before the end belong to documents that no longer exist under
   * the name, and a read after it may hold a re-created collection's documents, which would mix two
   * collections in one snapshot. The documents already sent stay, as when streaming. Every range
   * stream meets the same invalidate, so the collection's stream takes over after it ({@code
   * startAfter}) and follows a collection re-created under the name; the owner re-snapshots when
   * the UUID changed.
   */
  private void endWithCollection(List<SourceRecord> out) {
    LOG.info(
        "{} was dropped or renamed while snapshot {} read range {}: the range ends there ({}"
            + " row(s) read but not sent are discarded; what was sent stays)",
        plan.namespace(),
        plan.snapshotId(),
        partition.range(),
        pending.size());
    pending.clear();
    offset = offset.readDone().closedNow();
    close();
    out.add(progressRecord());
  }

  private boolean due() {
    long now = System.currentTimeMillis();
    if (now - lastCheck < CHECK_MS) {
      return false;
    }
    lastCheck = now;
    return true;
  }

  /**
   * Polls the stream; returns whether it returned an event. Sets {@link #collectionEnded} at an
   * invalidate.
   */
  private boolean streamStep(List<SourceRecord> out, int budget) {
    List<ChangeStreamDocument<BsonDocument>> events = stream.poll(Math.max(1, budget));
    for (ChangeStreamDocument<BsonDocument> event : events) {
      if (event.getOperationType() == OperationType.INVALIDATE) {
        // The reader stops at it: nothing of this stream follows.
        offset = offset.withResumeToken(event.getResumeToken(), true);
        collectionEnded = true;
        return true;
      }
      offset = offset.withResumeToken(event.getResumeToken(), false);
      // Drop, rename and dropDatabase map to no record; their invalidate follows.
      SourceRecord record = mapper.map(event, partition.toMap(), offset.toMap());
      if (record != null) {
        out.add(record);
        if (!offset.done()) {
          // Once the read is done no row is left to drop: the keys would only pile up while the
          // other ranges are read (the documents inserted above the snapshot's bound, say).
          changed.changed(record.key(), event.getClusterTime());
        }
        metrics.streamEvent(ChangeEventMapper.writtenAtMillis(event));
      }
    }
    if (events.isEmpty() && !stream.midEvent()) {
      StreamPosition position = stream.position();
      if (position.token() != null) {
        offset = offset.withResumeToken(position.token(), position.startAfter());
      }
    }
    return !events.isEmpty();
  }

  /**
   * Takes the next chunk when its read is complete (never waiting for it), then sends its rows once
   * the stream has passed the chunk's read time; returns whether anything happened.
   */
  private boolean chunkStep(List<SourceRecord> out, int budget) {
    if (budget <= 0) {
      return false;
    }
    if (pending.isEmpty()) {
      if (reader.paused()) {
        timings.held(System.nanoTime());
        return false; // paced: the sink is behind; the stream goes on
      }
      Chunk read = reader.poll();
      if (read == null) {
        // Still being read: the loop serves the streams and other ranges meanwhile.
        timings.waiting(System.nanoTime());
        return false;
      }
      chunk = read;
      timings.taken(System.nanoTime(), chunk.documents().size());
      if (chunk.isEmpty()) {
        reader.close();
        offset = offset.readDone();
        changed.clear();
        out.add(progressRecord());
        LOG.info("Snapshot range {} of {} read: {}", partition.range(), plan.namespace(), timings);
        return true;
      }
      pending.addAll(chunk.documents());
      emptyPollsBeforeChunk = stream.emptyPolls();
      // Later chunks were read after this one began: older changes cannot concern them.
      changed.forgetBefore(chunk.readAfter());
    }
    if (!stream.passed(chunk.readBy(), emptyPollsBeforeChunk)) {
      return false;
    }
    timings.streamPassed(System.nanoTime());
    long version = rowVersion();
    Map<String, Object> sourcePartition = partition.toMap();
    for (int i = 0; i < budget && !pending.isEmpty(); i++) {
      MappedDocument document = pending.poll();
      offset = offset.withLastId(document.id());
      SourceRecord record =
          records.snapshotRecord(
              sourcePartition, offset.toDeferredMap(), topic, plan.namespace(), document, version);
      if (changed.changedSince(record.key(), chunk.readAfter())) {
        // The stream sent a change of this document made while (or after) the chunk was read;
        // the document counts as copied all the same.
        metrics.snapshotDocument();
        continue;
      }
      out.add(record);
      metrics.snapshotDocument();
    }
    return true;
  }

  /**
   * The source version of the chunk's rows: when their read began (each row reflects every write up
   * to then), never before the snapshot's start point. A change sent before a row is older and
   * loses to it in a versioned index; a change after it is newer and wins.
   */
  private long rowVersion() {
    BsonTimestamp from = chunk.readAfter();
    if (from == null || from.compareTo(plan.startAt()) < 0) {
      return plan.version();
    }
    return SourceVersion.of(from.getTime(), from.getInc());
  }

  private boolean heartbeat(List<SourceRecord> out) {
    if (heartbeatIntervalMs <= 0
        || System.currentTimeMillis() - lastSent < heartbeatIntervalMs
        || stream.midEvent()) {
      return false;
    }
    out.add(progressRecord());
    return true;
  }

  /** Stops reading ahead and releases the range's cursor and stream. */
  public void close() {
    reader.close();
    stream.close();
  }

  private SourceRecord progressRecord() {
    return new SourceRecord(
        partition.toMap(),
        offset.toMap(),
        progressTopic,
        null,
        Schema.STRING_SCHEMA,
        plan.namespace(),
        null,
        Map.of(
            HeartbeatRecordFields.NAMESPACE, plan.namespace(),
            HeartbeatRecordFields.SNAPSHOT_ID, plan.snapshotId(),
            HeartbeatRecordFields.RANGE, partition.range(),
            HeartbeatRecordFields.DONE, offset.done()));
  }
}
